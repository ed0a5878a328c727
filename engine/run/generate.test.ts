import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import type { DecoderSpec } from '../build/decoderTypes.ts'
import { evaluateFlops } from '../build/evaluateFlops.ts'
import { generate } from './generate.ts'
import type { GenerationRequest } from './generationTypes.ts'
import { type OpenDecoder, openDecoder } from './openDecoder.ts'

const spec: DecoderSpec = { vocab: 256, width: 32, heads: 4, blocks: 2, context: 96, ffMult: 4, seed: 7 }
const prompt = Array.from({ length: 20 }, (_, i) => (i * 53 + 7) % 256)
const greedy: GenerationRequest = { prompt, outputTokens: 70, sampling: { kind: 'greedy' } }
const sampling = { kind: 'sample', temperature: 1, seed: 99 } as const
const sampled: GenerationRequest = { ...greedy, sampling }

describe('generate', () => {
  let decoder: OpenDecoder
  beforeAll(async () => {
    decoder = await openDecoder(buildDecoder(spec), REFERENCE_HARDWARE)
  })
  afterAll(() => decoder.release())

  it('generates greedily the tokens a prefill over prompt + output predicts at every position', async () => {
    const { tokens } = await generate(decoder, greedy)
    expect(tokens).toHaveLength(70)
    const { logits } = await decoder.prefill([...prompt, ...tokens])
    for (const [j, token] of tokens.entries()) {
      const row = [...logits.subarray((prompt.length - 1 + j) * 256, (prompt.length + j) * 256)]
      expect(token, `token ${j}`).toBe(row.indexOf(Math.max(...row)))
    }
  })

  it('commits one top-k digest per chunk of 32 tokens, the last chunk shorter', async () => {
    const { chunks } = await generate(decoder, greedy)
    expect(chunks.map(({ start, count }) => [start, count])).toEqual([
      [0, 32],
      [32, 32],
      [64, 6],
    ])
    expect(chunks[0]?.indices).toHaveLength(32 * 4)
    expect(chunks[0]?.hash).toMatch(/^0x[0-9a-f]{64}$/)
    const small = await generate(decoder, { ...greedy, chunkSize: 10, topK: 2 })
    expect(small.chunks).toHaveLength(7)
    expect(small.chunks[6]?.values).toHaveLength(10 * 2)
  })

  it('samples reproducibly from the job seed and differently from another', async () => {
    const [a, b] = [await generate(decoder, sampled), await generate(decoder, sampled)]
    expect(a.tokens).toEqual(b.tokens)
    expect(a.chunks.map((chunk) => chunk.hash)).toEqual(b.chunks.map((chunk) => chunk.hash))
    const other = await generate(decoder, { ...sampled, sampling: { ...sampling, seed: 100 } })
    const differing = other.tokens.filter((token, j) => token !== a.tokens[j]).length
    expect(differing).toBeGreaterThan(35)
    // Temperature 1 over logits of spread ~1 draws from most of the vocabulary.
    expect(new Set(a.tokens).size).toBeGreaterThan(30)
  })

  it('counts one prefill over the prompt and a decode step per token after the first', async () => {
    const { flops } = await generate(decoder, greedy)
    const built = decoder.built
    expect(flops.prefill).toBe(evaluateFlops(built.prefillFlops, 20))
    let decode = 0
    for (let past = 20; past < 20 + 69; past++) decode += evaluateFlops(built.decodeFlops, past)
    expect(flops.decode).toBe(decode)
  })

  it('refuses what the model cannot generate, naming the numbers', async () => {
    await expect(generate(decoder, { ...greedy, outputTokens: 80 })).rejects.toThrow(
      /prompt \(20 tokens\) plus output \(80 tokens\) is 100 tokens, more than model\.context 96/,
    )
    await expect(generate(decoder, { ...greedy, chunkSize: 0 })).rejects.toThrow(/workload\.chunkSize.*got 0/)
    await expect(generate(decoder, { ...greedy, prompt: [] })).rejects.toThrow(InputError)
    await expect(generate(decoder, { ...greedy, prompt: [1, 256] })).rejects.toThrow(/workload\.prompt\[1\]/)
    await expect(
      generate(decoder, { ...sampled, sampling: { kind: 'sample', temperature: 0, seed: 1 } }),
    ).rejects.toThrow(/temperature must be a number > 0, got 0/)
    await expect(generate(decoder, greedy, { kind: 'truncate', keep: 0 })).rejects.toThrow(/keeps 1 to 20/)
  })
})
