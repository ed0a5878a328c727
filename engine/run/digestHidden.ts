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
  for (let t = 0; t < count; t++) {
    const row = hidden.subarray(t * width, (t + 1) * width)
    const order = Array.from({ length: width }, (_, i) => i)
    order.sort((a, b) => Math.abs(row[b] as number) - Math.abs(row[a] as number) || a - b)
    for (const index of order.slice(0, k)) {
      indices.push(index)
      values.push(row[index] as number)
    }
  }
  return { start, count, indices, values, hash: hashDigest(indices, values) }
}
