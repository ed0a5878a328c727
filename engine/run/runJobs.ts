import type { OpenVariant } from '../build/types.ts'
import type { InferManyResult, InferManyTask } from '../pool/protocol.ts'
import { createColumns } from './packBatch.ts'

/**
 * Runs a batch's jobs one after the other, `opened[i]` being the open variant of `task.runs[i]`,
 * and writes each job's digests and kept output straight into the batch's columns, the form that
 * crosses back to the pool (an InferenceResult per job, packed afterwards, was measurably slower
 * for a small model). Job for job the same as runInference.
 */
export async function runJobs(opened: readonly OpenVariant[], task: InferManyTask): Promise<InferManyResult> {
  const { runOf, inputSeeds, checkpoints, outputs, tolerance } = task
  const columns = createColumns(tolerance)
  for (let i = 0; i < runOf.length; i++) {
    const open = opened[runOf[i] as number] as OpenVariant
    const values = await open.run(inputSeeds[i] as number)
    columns.add(values, open.flops, checkpoints[i] as boolean, outputs[i] as boolean)
  }
  return columns.done()
}
