import type { OpenVariant } from '../build/types.ts'
import type { InferManyResult, InferManyTask } from '../pool/protocol.ts'
import { digestRun } from './digestRun.ts'

/**
 * Runs a batch's jobs one after the other, `opened[i]` being the open variant of `task.runs[i]`,
 * and writes each job's digests and kept output straight into the batch's columns, the form that
 * crosses back to the pool (an InferenceResult per job, packed afterwards, was measurably slower
 * for a small model). Job for job the same as runInference.
 */
export async function runJobs(opened: readonly OpenVariant[], task: InferManyTask): Promise<InferManyResult> {
  const { runOf, inputSeeds, checkpoints, outputs, tolerance } = task
  const packed: InferManyResult = {
    resultDigests: [],
    layerDigests: [],
    layerCounts: [],
    outputs: new Float32Array(0),
    outputEnds: [],
    flops: [],
  }
  const kept: Float32Array[] = []
  let total = 0
  for (let i = 0; i < runOf.length; i++) {
    const open = opened[runOf[i] as number] as OpenVariant
    const values = await open.run(inputSeeds[i] as number)
    const { layerDigests, resultDigest } = digestRun(values, tolerance, checkpoints[i] as boolean)
    packed.resultDigests.push(resultDigest)
    for (const digest of layerDigests) packed.layerDigests.push(digest)
    packed.layerCounts.push(layerDigests.length)
    if (outputs[i]) {
      const output = values[values.length - 1] as Float32Array
      kept.push(output)
      total += output.length
    }
    packed.outputEnds.push(total)
    packed.flops.push(open.flops)
  }
  if (total > 0) {
    packed.outputs = new Float32Array(total)
    let start = 0
    for (const output of kept) {
      packed.outputs.set(output, start)
      start += output.length
    }
  }
  return packed
}
