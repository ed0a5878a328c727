import { describe, expect, it } from 'vitest'
import { runScenarioFile } from '../index.ts'

const file = 'scenarios/library/batching-decoder.yaml'

describe('library: decoder hosts that batch generations, verifiers that re-check alone', () => {
  it('serves real multi-job batches, and the one-prefill check at the default tolerance slashes no honest batching host', async () => {
    const honest = await runScenarioFile(file, {}, { keepTrace: true })
    const batches = honest.trace.flatMap((e) => (e.type === 'serve' ? [e.jobs.length] : []))
    expect(Math.max(...batches)).toBeGreaterThan(1)
    expect(honest.result.counts.results as number).toBeGreaterThan(10)
    expect(honest.result.counts.checks as number).toBeGreaterThan(10)
    expect(honest.result.counts.false_slashes).toBe(0)
    expect(honest.result.metrics.false_slash_rate).toBe(0)
  }, 60_000)

  it('still convicts an int4 cheat whose generations ran in batches', async () => {
    const mixed = await runScenarioFile(
      file,
      { 'hosts.behaviours': { honest: 0.5, lazy: 0.5 } },
      { keepTrace: true },
    )
    const batches = mixed.trace.flatMap((e) => (e.type === 'serve' ? [e.jobs.length] : []))
    expect(Math.max(...batches)).toBeGreaterThan(1)
    expect(mixed.result.counts.bad_results as number).toBeGreaterThan(0)
    expect(mixed.result.metrics.detection_rate).toBe(1)
    expect(mixed.result.metrics.false_slash_rate).toBe(0)
  }, 60_000)
  it('tolerance: auto measures the batch gap (lab/measureDecoderBatchSpread), and honest batching hosts still pass within it', async () => {
    const auto = await runScenarioFile(file, { tolerance: 'auto' })
    const measured = auto.spec.toleranceAuto?.measured
    // Every host is on the verifier's hardware: the whole measured spread is what batching moved.
    expect(measured?.spread as number).toBeGreaterThan(0)
    expect(measured?.floored).toBe(false)
    expect(auto.result.counts.checks as number).toBeGreaterThan(10)
    expect(auto.result.metrics.false_slash_rate).toBe(0)
  }, 60_000)
})
