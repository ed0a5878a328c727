import { afterAll, describe, expect, it } from 'vitest'
import { createInferencePool } from '../../engine/index.ts'
import { loadScenario, type Overrides, resolveRunSpec } from '../../scenarios/index.ts'
import type { RunResult } from '../../sim/index.ts'
import { runOnAdapters } from '../runOnAdapters.ts'

// Real onnxruntime, memory ledger: no figure checked passes through the ledger (sampling with
// honest hosts puts no verification call on chain), and lab/memoryLedgerSims.test.ts holds the
// file's run on anvil and the memory ledger to the same books.
const file = 'scenarios/library/holding-cost.yaml'
const specOf = (overrides: Overrides = {}) => resolveRunSpec(loadScenario(file, overrides).scenario, file)
const pool = createInferencePool({ workers: 1, tolerance: specOf().tolerance })
afterAll(() => pool.close())
const run = (overrides: Overrides = {}): Promise<RunResult> =>
  runOnAdapters(specOf(overrides), { workers: 1, inference: pool, ledger: { kind: 'memory' } })

describe('library: holding cost of large models', () => {
  it('dominates verification at low demand and fades as demand grows', async () => {
    const shares: number[] = []
    for (const jobRate of [0.002, 0.02, 0.2]) {
      const { metrics: m } = await run({ 'requesters.jobRate': jobRate })
      const overhead = m.verification_overhead as number
      // The split adds up to the whole.
      const parts =
        (m.overhead_reexecution as number) + (m.overhead_holding as number) + (m.overhead_gas as number)
      expect(parts).toBeCloseTo(overhead, 9)
      shares.push((m.overhead_holding as number) / overhead)
    }
    expect(shares[0]).toBeGreaterThan(0.5)
    expect(shares[1]).toBeLessThan(shares[0] as number)
    expect(shares[2]).toBeLessThan(shares[1] as number)
  }, 60_000)
})
