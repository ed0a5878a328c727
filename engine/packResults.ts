import type { InferenceResult } from '../sim/ports.ts'
import type { InferManyResult } from './protocol.ts'

/** A batch's results as the columns that cross back to the pool (see InferManyResult). */
export function packResults(results: readonly InferenceResult[]): InferManyResult {
  let total = 0
  const outputEnds: number[] = []
  for (const r of results) {
    total += r.output.length
    outputEnds.push(total)
  }
  const outputs = new Float32Array(total)
  const packed: InferManyResult = {
    resultDigests: [],
    layerDigests: [],
    layerCounts: [],
    outputs,
    outputEnds,
    flops: [],
  }
  let start = 0
  for (const r of results) {
    outputs.set(r.output, start)
    start += r.output.length
    packed.resultDigests.push(r.resultDigest)
    for (const digest of r.layerDigests) packed.layerDigests.push(digest)
    packed.layerCounts.push(r.layerDigests.length)
    packed.flops.push(r.flops)
  }
  return packed
}
