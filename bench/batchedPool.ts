import { createInferencePool } from '../engine/index.ts'
import { SMALL, startBareThreads } from './inferencePool.ts'
import { alternate, type BenchResult, type Clock } from './measure.ts'
import { sendJobs } from './sendJobs.ts'

/**
 * Jobs per serving batch: a busy server's batch of a small model. Batches of 64 measured 3.93 once
 * (2026-12-03), 128 measured 5.86: the session's fixed cost is what batching spreads.
 */
const BATCH = 128
/** Paired trials; few, so the benchmark stays well under three minutes on a loaded machine. */
const PAIRS = 5

/**
 * Issue 19's batched serving: jobs per second of the pool when hosts batch (inferBatch, BATCH
 * jobs per real batched session run, several batches in flight) against N bare onnxruntime
 * sessions on the same threads running the same jobs one at a time, unbatched: what batching
 * gains over the best a batch-1 server can do. Both digest nothing the other does not: the pool
 * digests each job's result (as the simulator asks); the bare loop only runs.
 */
export async function benchBatchedPool(clock: Clock, workers = 2): Promise<BenchResult> {
  const jobs = 16_000
  const bare = await startBareThreads(SMALL, workers, Math.ceil(jobs / workers))
  const pool = createInferencePool({ workers, tolerance: 5e-3 })
  try {
    const model = await pool.load(SMALL)
    const viaPool = () => sendJobs(pool, model.id, jobs, { batch: BATCH, workers })
    const { measured, baseline, ratio } = await alternate(clock, jobs, PAIRS, viaPool, () => bare.run())
    return {
      name: `batched pool (small, ${model.variants.honest.flops.toExponential(1)} FLOPs, batches of ${BATCH}, ${workers} workers) ÷ unbatched bare sessions`,
      ratio,
      goal: '>= 4',
      met: ratio >= 4,
      measured: { jobs_per_second: measured.perSecond },
      baseline: { jobs_per_second: baseline.perSecond },
    }
  } finally {
    await pool.close()
    await bare.stop()
  }
}
