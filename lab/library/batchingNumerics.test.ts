import { describe, expect, it } from 'vitest'
import { runScenarioFile } from '../index.ts'

const file = 'scenarios/library/batching-numerics.yaml'

describe('library: honest hosts that batch, verifiers that re-run alone', () => {
  it('exact comparison slashes honest batching hosts; tolerance: auto, which measures the batch gap, slashes none', async () => {
    const exact = await runScenarioFile(file, { comparison: 'exact' })
    // tolerance: auto measures the batch gap (lab/measureBatchSpread) on top of the hardware spread.
    const tolerant = await runScenarioFile(file, { comparison: 'tolerance', tolerance: 'auto' })
    expect(exact.result.counts.results as number).toBeGreaterThan(0)
    expect(exact.result.metrics.false_slash_rate as number).toBeGreaterThan(0)
    expect(tolerant.spec.toleranceAuto?.measured?.spread as number).toBeGreaterThan(0)
    expect(tolerant.spec.toleranceAuto?.measured?.floored).toBe(false)
    expect(tolerant.result.metrics.false_slash_rate).toBe(0)
  }, 120_000)

  it('runs every request alone with maxBatch 1, and then exact comparison slashes nobody', async () => {
    const alone = await runScenarioFile(file, { comparison: 'exact', 'hosts.serving.maxBatch': 1 })
    expect(alone.result.metrics.false_slash_rate).toBe(0)
  }, 120_000)
})
