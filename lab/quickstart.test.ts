import { describe, expect, it } from 'vitest'
import { loadScenario, resolveRunSpec } from '../scenarios/index.ts'
import { runOnAdapters } from './index.ts'

const path = 'scenarios/quickstart.yaml'

async function runWithP(p: number) {
  const { scenario } = loadScenario(path)
  const spec = resolveRunSpec({ ...scenario, protocol: { ...scenario.protocol, p } }, path)
  return runOnAdapters(spec, { workers: 2 })
}

describe('quickstart: Proof-of-Sampling incentives', () => {
  it('raising p lowers the cheater return and the undetected fraud rate', async () => {
    const low = await runWithP(0.02)
    const high = await runWithP(0.4)
    expect(low.counts.bad_results).toBeGreaterThan(0)
    expect(high.metrics.cheater_return as number).toBeLessThan(low.metrics.cheater_return as number)
    expect(high.metrics.undetected_fraud_rate as number).toBeLessThan(
      low.metrics.undetected_fraud_rate as number,
    )
    expect(high.metrics.detection_rate as number).toBeGreaterThan(low.metrics.detection_rate as number)
    // More checking costs more: the overhead grows with p.
    expect(high.metrics.verification_overhead as number).toBeGreaterThan(
      low.metrics.verification_overhead as number,
    )
  }, 120_000)
})
