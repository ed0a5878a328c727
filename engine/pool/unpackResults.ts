import type { InferenceResult } from '../../sim/index.ts'
import type { InferManyResult } from './protocol.ts'

const NO_OUTPUT = new Float32Array(0)

/**
 * The results runJobs packed, one per job. Outputs are views into the batch's one buffer, so
 * the buffer lives as long as any job's output does: at most one batch's outputs, kept instead
 * of copied.
 */
export function unpackResults(packed: InferManyResult): InferenceResult[] {
  const results: InferenceResult[] = []
  let layer = 0
  let start = 0
  for (const [i, end] of packed.outputEnds.entries()) {
    const count = packed.layerCounts[i] as number
    results.push({
      layerDigests: count === 0 ? [] : packed.layerDigests.slice(layer, layer + count),
      resultDigest: packed.resultDigests[i] as InferenceResult['resultDigest'],
      // Digests-only jobs share one empty array (nothing can be written into it) instead of a
      // view each, about 80 ns apiece.
      output: start === end ? NO_OUTPUT : packed.outputs.subarray(start, end),
      flops: packed.flops[i] as number,
    })
    layer += count
    start = end
  }
  return results
}
