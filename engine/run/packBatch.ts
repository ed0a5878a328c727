import type { InferManyResult } from '../pool/protocol.ts'
import { digestRun } from './digestRun.ts'

/**
 * The columns that cross back to the pool, filled job by job: `add` digests one job's
 * checkpoints (every one when `checkpoints`, else the result alone) and keeps its output's values
 * when `output` asks for them; `done` joins the kept outputs into one buffer.
 */
export function createColumns(tolerance: number) {
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
  return {
    add(values: readonly Float32Array[], flops: number, checkpoints: boolean, output: boolean): void {
      const { layerDigests, resultDigest } = digestRun(values, tolerance, checkpoints)
      packed.resultDigests.push(resultDigest)
      for (const digest of layerDigests) packed.layerDigests.push(digest)
      packed.layerCounts.push(layerDigests.length)
      if (output) {
        const last = values[values.length - 1] as Float32Array
        kept.push(last)
        total += last.length
      }
      packed.outputEnds.push(total)
      packed.flops.push(flops)
    },
    done(): InferManyResult {
      if (total > 0) {
        packed.outputs = new Float32Array(total)
        let start = 0
        for (const output of kept) {
          packed.outputs.set(output, start)
          start += output.length
        }
      }
      return packed
    },
  }
}

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
  const columns = createColumns(tolerance)
  for (const [i, values] of rows.entries())
    columns.add(values, flops, checkpoints[i] as boolean, outputs[i] as boolean)
  return columns.done()
}
