import { type InferencePort, REFERENCE_HARDWARE } from '../sim/index.ts'

/**
 * Send `jobs` honest, digest-only requests (input seeds 0 to jobs − 1) of model `modelId` through
 * `pool` and wait for them all, as the simulator sends them: one at a time with 256 in flight
 * (batch 1, what a run has between two blocks), or in batches of `batch` (inferBatch, one batched
 * session run each) with two per worker in flight, one running and one waiting.
 */
export async function sendJobs(
  pool: Pick<Required<InferencePort>, 'infer' | 'inferBatch'>,
  modelId: string,
  jobs: number,
  options: { batch: number; workers: number },
): Promise<void> {
  const { batch, workers } = options
  const request = (inputSeed: number) =>
    ({
      modelId,
      variant: 'honest',
      hardware: REFERENCE_HARDWARE,
      inputSeed,
      checkpoints: false,
      output: false,
    }) as const
  let next = 0
  await Promise.all(
    Array.from({ length: batch === 1 ? 256 : 2 * workers }, async () => {
      while (next < jobs) {
        const start = next
        next = Math.min(jobs, next + batch)
        if (batch === 1) await pool.infer(request(start))
        else await pool.inferBatch(Array.from({ length: next - start }, (_, i) => request(start + i)))
      }
    }),
  )
}
