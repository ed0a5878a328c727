import type { ChunkDigest } from './generationTypes.ts'
import { hashDigest } from './hashDigest.ts'

/**
 * The digest of a chunk of output tokens' hidden states (`hidden` holds `count` rows of `width`):
 * per token, the `topK` entries of largest magnitude, largest first (ties to the lower index).
 * Per token rather than over the whole chunk, so every token leaves evidence of its own: a cheat
 * that moves a few tokens' states shows on those tokens, and a sequential test can count them.
 * With k = 4 and 32 tokens it is 128 index-value pairs, about 1 KB.
 */
export function digestHidden(hidden: Float32Array, width: number, topK: number, start: number): ChunkDigest {
  const count = hidden.length / width
  const indices: number[] = []
  const values: number[] = []
  const k = Math.min(topK, width)
  const bestIndex = new Int32Array(k)
  const bestSize = new Float64Array(k)
  for (let t = 0; t < count; t++) {
    // A selection pass, not a sort: k is a handful and this runs once per generated token.
    let found = 0
    for (let i = 0; i < width; i++) {
      const size = Math.abs(hidden[t * width + i] as number)
      if (found === k && size <= (bestSize[k - 1] as number)) continue
      // Shift smaller ones down; an equal one stays ahead, so ties go to the lower index.
      let at = found < k ? found++ : k - 1
      while (at > 0 && size > (bestSize[at - 1] as number)) {
        bestSize[at] = bestSize[at - 1] as number
        bestIndex[at] = bestIndex[at - 1] as number
        at--
      }
      bestSize[at] = size
      bestIndex[at] = i
    }
    for (let j = 0; j < found; j++) {
      const index = bestIndex[j] as number
      indices.push(index)
      values.push(hidden[t * width + index] as number)
    }
  }
  return { start, count, indices, values, hash: hashDigest(indices, values) }
}
