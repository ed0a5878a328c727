import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import { buildBatchedDecoder } from '../build/buildBatchedDecoder.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import type { DecoderSpec, DecoderVariant } from '../build/decoderTypes.ts'
import { generate } from './generate.ts'
import { type BatchJob, generateBatch } from './generateBatch.ts'
import type { GenerationRequest } from './generationTypes.ts'
import { type OpenBatchedDecoder, openBatchedDecoder } from './openBatchedDecoder.ts'
import { type OpenDecoder, openDecoder } from './openDecoder.ts'
import { verifyGeneration } from './verifyGeneration.ts'

const spec: DecoderSpec = { vocab: 256, width: 32, heads: 4, blocks: 2, context: 96, ffMult: 4, seed: 7 }
const promptOf = (length: number, salt: number) =>
  Array.from({ length }, (_, i) => (i * 53 + 7 * salt + 3) % 256)
const sampling = { kind: 'sample', temperature: 1, seed: 99 } as const
// Different prompt and output lengths, so the batch pads prompts and sequences finish apart.
const requests: GenerationRequest[] = [
  { prompt: promptOf(20, 1), outputTokens: 40, sampling: { kind: 'greedy' }, chunkSize: 8 },
  { prompt: promptOf(7, 2), outputTokens: 9, sampling, chunkSize: 8 },
  { prompt: promptOf(33, 3), outputTokens: 25, sampling: { kind: 'greedy' }, chunkSize: 8 },
]

async function open(variant: DecoderVariant = { kind: 'honest' }) {
  const built = buildDecoder(spec, variant)
  return {
    alone: await openDecoder(built, REFERENCE_HARDWARE),
    batched: await openBatchedDecoder(built, buildBatchedDecoder(spec, variant), REFERENCE_HARDWARE),
  }
}

describe('generateBatch', () => {
  let alone: OpenDecoder
  let batched: OpenBatchedDecoder
  beforeAll(async () => {
    ;({ alone, batched } = await open())
  })
  afterAll(async () => {
    await Promise.all([alone.release(), batched.release()])
  })

  it('gives each sequence of a padded batch a generation of its own lengths that passes the one-prefill check alone', async () => {
    const generations = await generateBatch(
      batched,
      requests.map((request) => ({ request })),
    )
    for (const [i, generation] of generations.entries()) {
      const request = requests[i] as GenerationRequest
      expect(generation.tokens).toHaveLength(request.outputTokens)
      const verdict = await verifyGeneration(alone, request, generation)
      expect(verdict.passed, `sequence ${i}: ${JSON.stringify(verdict.chunks[0])}`).toBe(true)
    }
  })

  it('produces the same tokens as generating alone, and the same FLOPs per sequence', async () => {
    const generations = await generateBatch(
      batched,
      requests.map((request) => ({ request })),
    )
    for (const [i, request] of requests.entries()) {
      const own = await generate(alone, request)
      expect(generations[i]?.tokens, `sequence ${i}`).toEqual(own.tokens)
      expect(generations[i]?.flops).toEqual(own.flops)
    }
  })

  it('gives bit-identical results when the same batch runs again', async () => {
    const jobs: BatchJob[] = requests.map((request) => ({ request }))
    const [first, second] = [await generateBatch(batched, jobs), await generateBatch(batched, jobs)]
    expect(second.map((g) => g.chunks.map((c) => c.hash))).toEqual(
      first.map((g) => g.chunks.map((c) => c.hash)),
    )
  })

  it('keeps states at real positions for a referee, as generate does', async () => {
    const [generation] = await generateBatch(batched, [{ request: requests[1] as GenerationRequest }], {
      states: true,
    })
    const own = await generate(alone, requests[1] as GenerationRequest, undefined, { states: true })
    expect(generation?.states?.map((s) => s.length)).toEqual(own.states?.map((s) => s.length))
    const last = generation?.states?.at(-1) as Float32Array
    const theirs = own.states?.at(-1) as Float32Array
    let largest = 0
    for (let i = 0; i < last.length; i++)
      largest = Math.max(largest, Math.abs((last[i] as number) - (theirs[i] as number)))
    expect(largest).toBeLessThan(1e-4)
  })

  it('applies each sequence its own cheat: a truncated context and a kv8 cache fail the check, the honest sequence beside them passes', async () => {
    const jobs: BatchJob[] = [
      { request: requests[0] as GenerationRequest, cheat: { kind: 'truncate', keep: 4 } },
      { request: requests[2] as GenerationRequest },
    ]
    const [truncated, honest] = await generateBatch(batched, jobs)
    expect((await verifyGeneration(alone, requests[0] as GenerationRequest, truncated as never)).passed).toBe(
      false,
    )
    expect((await verifyGeneration(alone, requests[2] as GenerationRequest, honest as never)).passed).toBe(
      true,
    )
    const own = await generate(alone, requests[0] as GenerationRequest, { kind: 'truncate', keep: 4 })
    expect(truncated?.tokens).toEqual(own.tokens)
  })
})
