import { afterAll, describe, expect, it } from 'vitest'
import { createInferencePool } from '../../engine/index.ts'
import { loadScenario, type Overrides, resolveRunSpec } from '../../scenarios/index.ts'
import type { RunResult } from '../../sim/index.ts'
import { runOnAdapters } from '../runOnAdapters.ts'

const file = 'scenarios/library/coalition.yaml'
const specOf = (overrides: Overrides = {}) => resolveRunSpec(loadScenario(file, overrides).scenario, file)
const pool = createInferencePool({ workers: 1, tolerance: specOf().tolerance })
afterAll(() => pool.close())
const run = (overrides: Overrides = {}): Promise<RunResult> =>
  runOnAdapters(specOf(overrides), { workers: 1, inference: pool, ledger: { kind: 'memory' } })
const lateCheat = (result: RunResult) => result.strategies?.at(-1)?.cheat as number

describe('library: a bribed coalition of colluding verifiers', () => {
  it('turns a setting where learning hosts stay honest into one where they cheat and profit', async () => {
    const withCoalition = await run()
    const without = await run({ 'verifiers.behaviours': { diligent: 1 } })
    expect(lateCheat(without)).toBeLessThan(0.1)
    expect(lateCheat(withCoalition)).toBeGreaterThan(0.8)
    const safe = without.metrics
    const unsafe = withCoalition.metrics
    expect(safe.undetected_fraud_rate as number).toBeLessThan(0.05)
    expect(unsafe.undetected_fraud_rate as number).toBeGreaterThan(0.2)
    expect(safe.cheater_return as number).toBeLessThan(safe.honest_return as number)
    expect(unsafe.cheater_return as number).toBeGreaterThan(unsafe.honest_return as number)
  }, 120_000)

  it('charges the bribe to the shielded hosts: a dearer bribe leaves them less', async () => {
    // With no bribe the hosts learn the same cheating faster; the bribe is paid from their return.
    const free = await run({ 'verifiers.coalition': { hosts: ['rational'], bribe: 0 } })
    const bribed = await run()
    expect(lateCheat(free)).toBeGreaterThan(0.8)
    expect(bribed.metrics.cheater_return as number).toBeLessThan(free.metrics.cheater_return as number)
    // A coalition that shields other behaviours leaves the rational hosts honest.
    const elsewhere = await run({ 'verifiers.coalition': { hosts: ['lazy'], bribe: 0.001 } })
    expect(lateCheat(elsewhere)).toBeLessThan(0.1)
  }, 120_000)
})
