import { describe, expect, it } from 'vitest'
import { createMemoryLedger } from '../contracts/index.ts'
import { createInferencePool } from '../engine/index.ts'
import { loadScenario, resolveRunSpec } from '../scenarios/index.ts'
import type { TraceEvent } from '../sim/index.ts'
import { CHAIN_EPOCH, runSimulation } from '../sim/index.ts'

const file = 'scenarios/library/safety/sampling-deters-cheating.yaml'

async function run(overrides: Record<string, unknown>) {
  const { scenario } = loadScenario(file, { duration: 60, ...overrides })
  const spec = resolveRunSpec(scenario, file)
  const inference = createInferencePool({ workers: 1, tolerance: spec.tolerance })
  const ledger = createMemoryLedger({ timestamp: CHAIN_EPOCH - 86_400 })
  const trace: TraceEvent[] = []
  try {
    const result = await runSimulation({ inference, ledger, trace: (e) => trace.push(e) }, spec)
    return { result, trace, verifier: await ledger.balances({ role: 'verifier', index: 0 }) }
  } finally {
    await ledger.close()
    await inference.close()
  }
}

describe('sampling disputes and the referee deadline (issue 12)', () => {
  it('rules within the deadline, and expires every dispute it would rule on too late', async () => {
    const onTime = await run({})
    expect(onTime.result.counts.disputes).toBeGreaterThan(0)
    expect(onTime.result.counts.expired_cases).toBe(0)
    expect(onTime.result.counts.detected).toBe(onTime.result.counts.disputes)

    // A referee that needs a block to answer never beats a deadline shorter than one block.
    const late = await run({ 'protocol.refereeTimeout': 1 })
    expect(late.result.counts.disputes).toBe(onTime.result.counts.disputes)
    expect(late.result.counts.expired_cases).toBe(late.result.counts.disputes)
    expect(late.result.counts.detected).toBe(0)
    expect(late.trace.filter((e) => e.type === 'expired')).toHaveLength(late.result.counts.disputes)
    expect(late.trace.some((e) => e.type === 'slash')).toBe(false)
    // Every bond came back as a credit, and every credit was claimed at the end of the run.
    expect(late.verifier.credit).toBe(0n)
  }, 120_000)
})
