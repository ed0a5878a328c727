import { describe, expect, it } from 'vitest'
import type { GenerationOrder } from '../../sim/index.ts'
import { digestGeneration, PADDING_DIGEST } from './digestGeneration.ts'
import type { Generation } from './generationTypes.ts'
import { hashDigest } from './hashDigest.ts'

const chunk = (start: number, count: number, value: number) => {
  const indices = Array.from({ length: count }, (_, i) => i % 4)
  const values = indices.map((i) => i * value)
  return { start, count, indices, values, hash: hashDigest(indices, values) }
}
const chunks = [chunk(0, 2, 0.5), chunk(2, 2, 0.25), chunk(4, 1, 2)]
// Two blocks: the first block's states, then the last's, which are the chunk digests.
const firstBlock = [chunk(0, 2, 0.125), chunk(2, 2, 0.375), chunk(4, 1, 3)]
const generation: Generation = {
  tokens: [5, 6, 7, 8, 9],
  chunks,
  blockChunks: [firstBlock, chunks],
  flops: { prefill: 100, decode: 40 },
}
const order: GenerationOrder = {
  promptTokens: 3,
  outputTokens: 5,
  sampling: { kind: 'greedy' },
  chunkSize: 2,
  topK: 4,
  // Four chunks of the workload's longest output, two blocks each.
  checkpoints: 8,
}
const all = { checkpoints: true, output: true }

describe('digestGeneration', () => {
  it('orders the (chunk, block) hashes chunk-major, pads them to the order’s checkpoints and keeps the tokens as floats', () => {
    const result = digestGeneration(generation, order, all)
    expect(result.layerDigests).toEqual([
      ...chunks.flatMap((c, i) => [firstBlock[i]?.hash, c.hash]),
      PADDING_DIGEST,
      PADDING_DIGEST,
    ])
    expect(generation.chunks.map((c) => c.hash)).not.toContain(PADDING_DIGEST)
    expect([...result.output]).toEqual([5, 6, 7, 8, 9])
    expect(result.flops).toBe(140)
    expect(result.generation).toEqual({
      promptTokens: 3,
      outputTokens: 5,
      prefillFlops: 100,
      decodeFlops: 40,
    })
    expect(digestGeneration(generation, order, { checkpoints: false, output: false })).toEqual({
      ...result,
      layerDigests: [],
      output: new Float32Array(0),
    })
  })

  it('commits the tokens and every chunk: changing either changes the result digest', () => {
    const { resultDigest } = digestGeneration(generation, order, all)
    const otherToken = { ...generation, tokens: [5, 6, 7, 8, 10] }
    const otherChunk = {
      ...generation,
      chunks: [generation.chunks[0], generation.chunks[2], generation.chunks[1]],
    }
    const fewer = { ...generation, tokens: [5, 6, 7, 8] }
    for (const changed of [otherToken, otherChunk, fewer] as Generation[]) {
      expect(digestGeneration(changed, order, all).resultDigest).not.toBe(resultDigest)
    }
  })
})
