import { afterAll, describe, expect, it } from 'vitest'
import { createInferencePool } from '../../engine/index.ts'
import { loadScenario, resolveRunSpec } from '../../scenarios/index.ts'
import { percentile, type TraceEvent } from '../../sim/index.ts'
import { runOnAdapters } from '../runOnAdapters.ts'
import { runScenarioFile } from '../runScenarioFile.ts'

const file = 'scenarios/library/cold-starts.yaml'
const spec = resolveRunSpec(loadScenario(file).scenario, file)
const pool = createInferencePool({ workers: 1, tolerance: spec.tolerance })
afterAll(() => pool.close())

type JobEvent = Extract<TraceEvent, { type: 'job' }>

/** Share of `jobs` that waited for a cold load, and the 95th percentile of their waits (0: warm). */
const coldOf = (jobs: JobEvent[]) => ({
  share: jobs.filter((j) => (j.load ?? 0) > 0).length / jobs.length,
  p95: percentile(
    jobs.map((j) => j.load ?? 0),
    0.95,
  ) as number,
})

describe('library: a popular model and a long tail', () => {
  it('cold starts decide the latency of tail requests, not the popular model’s', async () => {
    // Real onnxruntime, memory ledger: cold starts are decided before any ledger call.
    const trace: TraceEvent[] = []
    const result = await runOnAdapters(spec, {
      workers: 1,
      inference: pool,
      ledger: { kind: 'memory' },
      trace: (e) => trace.push(e),
    })
    const jobs = trace.filter((e): e is JobEvent => e.type === 'job')
    const popular = coldOf(jobs.filter((j) => j.model === 0))
    const tail = coldOf(jobs.filter((j) => (j.model ?? 0) > 0))
    expect(tail.share).toBeGreaterThan(popular.share)
    expect(tail.p95).toBeGreaterThan(popular.p95)
    // A load moves 16 GB at the storage node's 1 GB/s: at least 16 s.
    expect(tail.p95).toBeGreaterThanOrEqual(16)
    expect(result.metrics.cold_starts).toBeGreaterThan(0)
    expect(result.metrics.cold_start_latency_p95).toBeGreaterThanOrEqual(16)
  }, 60_000)

  it('runs a catalog on a real chain: every model registered, commitments per model accepted', async () => {
    const run = await runScenarioFile(file, { duration: 120 }, { workers: 1, keepTrace: true })
    const models = new Set(run.trace.flatMap((e) => (e.type === 'job' ? [e.model] : [])))
    expect(models.size).toBeGreaterThan(1)
    expect(run.result.counts.jobs).toBeGreaterThan(0)
    expect(run.result.metrics.undetected_fraud_rate).toBe(0)
    expect(run.result.modeled.some((note) => note.startsWith('catalog:'))).toBe(true)
  }, 60_000)
})
