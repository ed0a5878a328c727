import type { InferManyResult } from '../pool/protocol.ts'
import { digestRun } from './digestRun.ts'

/**
 * One batch's per-job checkpoints packed as the columns that cross back to the pool (the form
 * runJobs gives): job i's digests over its own rows of the batch's outputs, and its output's
 * values when `outputs[i]` asks for them.
 */
export function packBatch(
  rows: readonly Float32Array[][],
  flops: number,
  checkpoints: readonly boolean[],
  outputs: readonly boolean[],
  tolerance: number,
): InferManyResult {
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
  for (const [i, values] of rows.entries()) {
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
    packed.flops.push(flops)
  }
  packed.outputs = new Float32Array(total)
  let start = 0
  for (const output of kept) {
    packed.outputs.set(output, start)
    start += output.length
  }
  return packed
}
