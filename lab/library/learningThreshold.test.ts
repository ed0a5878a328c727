import { afterAll, describe, expect, it } from 'vitest'
import { createInferencePool } from '../../engine/index.ts'
import { loadScenario, resolveRunSpec } from '../../scenarios/index.ts'
import { equilibriumOf, type RunResult } from '../../sim/index.ts'
import { runOnAdapters } from '../runOnAdapters.ts'

const file = 'scenarios/library/learning-threshold.yaml'
const specAt = (p: number) => resolveRunSpec(loadScenario(file, { 'protocol.p': p }).scenario, file)
const base = specAt(0.1)
const pool = createInferencePool({ workers: 1, tolerance: base.tolerance })
afterAll(() => pool.close())
const run = (p: number, workers = 1): Promise<RunResult> =>
  runOnAdapters(specAt(p), { workers, inference: pool, ledger: { kind: 'memory' } })

/** The mean cheat probability over the last fifth of the run. */
const lateCheat = (result: RunResult) => {
  const rows = result.strategies ?? []
  const late = rows.slice(Math.floor(rows.length * 0.8))
  return late.reduce((a, r) => a + (r.cheat as number), 0) / late.length
}

describe('library: learning hosts and the sampling threshold q*', () => {
  it('cheat below q* = g ÷ (f + P) and stay honest above it, q* computed from the configured values', async () => {
    const model = await pool.load(base.model)
    const { costPerFlop } = base.economics
    const found = equilibriumOf(base, {
      honest: model.variants.honest.flops * costPerFlop,
      cheat: (model.variants[base.hosts.variant]?.flops ?? 0) * costPerFlop,
    })
    const q = found.threshold
    if (q === null) throw new Error(`no threshold: ${found.reason}`)
    // The file says about 0.195: a check here that the scenario is the one its comment describes.
    expect(q).toBeGreaterThan(0.15)
    expect(q).toBeLessThan(0.25)
    const below = await run(0.5 * q)
    const above = await run(2 * q)
    expect(lateCheat(below)).toBeGreaterThan(0.8)
    expect(lateCheat(above)).toBeLessThan(0.2)
    // What the learners chose is what the books show: fraud gets through below, not above.
    expect(below.metrics.undetected_fraud_rate as number).toBeGreaterThan(
      5 * (above.metrics.undetected_fraud_rate as number),
    )
    expect(below.strategies?.every((r) => r.check === null)).toBe(true)
    expect(below.strategies?.length).toBeLessThanOrEqual(500)
  }, 120_000)

  it('gives byte-identical strategies and metrics across runs and worker counts', async () => {
    const one = await run(0.1, 1)
    const two = await runOnAdapters(specAt(0.1), { workers: 2, ledger: { kind: 'memory' } })
    expect(JSON.stringify(two.strategies)).toBe(JSON.stringify(one.strategies))
    expect(JSON.stringify(two.metrics)).toBe(JSON.stringify(one.metrics))
    expect(JSON.stringify(await run(0.1, 1))).toBe(JSON.stringify(one))
  }, 120_000)
})
