import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HardwareProfile, REFERENCE_HARDWARE } from '../../sim/index.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import type { DecoderSpec, DecoderVariant } from '../build/decoderTypes.ts'
import { evaluateFlops } from '../build/evaluateFlops.ts'
import { generate } from './generate.ts'
import type { Generation, GenerationCheat, GenerationRequest } from './generationTypes.ts'
import { hashDigest } from './hashDigest.ts'
import { type OpenDecoder, openDecoder } from './openDecoder.ts'
import { DEFAULT_GENERATION_TOLERANCE, type GenerationVerdict, verifyGeneration } from './verifyGeneration.ts'

const spec: DecoderSpec = { vocab: 256, width: 64, heads: 4, blocks: 2, context: 128, ffMult: 4, seed: 5 }
const prompt = Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)
const requests: Record<string, GenerationRequest> = {
  greedy: { prompt, outputTokens: 64, sampling: { kind: 'greedy' } },
  sampled: { prompt, outputTokens: 64, sampling: { kind: 'sample', temperature: 0.8, seed: 42 } },
}
const PROFILES: Record<string, HardwareProfile> = {
  reference: REFERENCE_HARDWARE,
  threads2: { ...REFERENCE_HARDWARE, threads: 2 },
  unoptimized: { ...REFERENCE_HARDWARE, optimization: 'disabled' },
  fp16: { ...REFERENCE_HARDWARE, fp16Weights: true },
}
const tolerance = DEFAULT_GENERATION_TOLERANCE

async function run(
  variant: DecoderVariant,
  hardware: HardwareProfile,
  request: GenerationRequest,
  cheat?: GenerationCheat,
) {
  const host = await openDecoder(buildDecoder(spec, variant), hardware)
  try {
    return await generate(host, request, cheat)
  } finally {
    await host.release()
  }
}

const summary = (v: GenerationVerdict) =>
  v.chunks
    .map(
      (c) =>
        `max|Δ| ${c.maxValueDistance.toExponential(1)} mean|Δ| ${c.meanValueDistance.toExponential(1)} overlap ${c.meanOverlap.toFixed(2)} bad tokens ${c.tokenMismatches}`,
    )
    .join('; ')

describe('verifyGeneration', () => {
  let verifier: OpenDecoder
  beforeAll(async () => {
    verifier = await openDecoder(buildDecoder(spec), REFERENCE_HARDWARE)
  })
  afterAll(() => verifier.release())

  it('passes honest generations on every chunk from every hardware profile, and measures their spread', async () => {
    const spread: string[] = []
    let worst = 0
    for (const [mode, request] of Object.entries(requests)) {
      for (const [name, hardware] of Object.entries(PROFILES)) {
        const verdict = await verifyGeneration(
          verifier,
          request,
          await run({ kind: 'honest' }, hardware, request),
        )
        expect(verdict.chunks, `${mode} on ${name}`).toHaveLength(2)
        for (const chunk of verdict.chunks)
          expect(chunk.passed, `${mode} on ${name}: ${summary(verdict)}`).toBe(true)
        expect(verdict.tokenMismatches).toBe(0)
        worst = Math.max(worst, verdict.maxValueDistance)
        spread.push(`${mode} on ${name}: ${summary(verdict)}`)
      }
    }
    // A verifier on other hardware than the host's agrees too.
    const fp16Verifier = await openDecoder(buildDecoder(spec), PROFILES.fp16 as HardwareProfile)
    const claimed = await run(
      { kind: 'honest' },
      PROFILES.threads2 as HardwareProfile,
      requests.sampled as GenerationRequest,
    )
    const across = await verifyGeneration(fp16Verifier, requests.sampled as GenerationRequest, claimed)
    await fp16Verifier.release()
    expect(across.passed, summary(across)).toBe(true)
    spread.push(`sampled on threads2, verified on fp16: ${summary(across)}`)
    console.info(`honest spread (tolerance max|Δ| ${tolerance.maxValueDistance}):\n${spread.join('\n')}`)
    expect(worst).toBeLessThan(tolerance.maxValueDistance / 10)
  })

  it('costs one prefill over prompt + output', async () => {
    const request = requests.greedy as GenerationRequest
    const verdict = await verifyGeneration(
      verifier,
      request,
      await run({ kind: 'honest' }, REFERENCE_HARDWARE, request),
    )
    expect(verdict.flops).toBe(evaluateFlops(verifier.built.prefillFlops, 96))
  })

  const cheats: [string, DecoderVariant, GenerationCheat | undefined, 'states' | 'tokens'][] = [
    ['fewer blocks', { kind: 'skip', blocks: 1 }, undefined, 'states'],
    [
      'a smaller substitute decoder',
      { kind: 'substitute', width: 32, heads: 2, blocks: 1 },
      undefined,
      'states',
    ],
    ['4-bit weights', { kind: 'int4' }, undefined, 'states'],
    ['a truncated context', { kind: 'honest' }, { kind: 'truncate', keep: 16 }, 'states'],
    ['biased logits', { kind: 'honest' }, { kind: 'bias', tokens: [32, 97, 101], bias: 1.5 }, 'tokens'],
  ]
  for (const [name, variant, cheat, caught] of cheats) {
    for (const mode of Object.keys(requests)) {
      it(`catches ${name} (${mode}) on every chunk by its ${caught === 'states' ? 'hidden-state digests' : 'tokens'}`, async () => {
        const request = requests[mode] as GenerationRequest
        const verdict = await verifyGeneration(
          verifier,
          request,
          await run(variant, REFERENCE_HARDWARE, request, cheat),
        )
        console.info(`${name} (${mode}): ${summary(verdict)}`)
        expect(verdict.passed).toBe(false)
        for (const chunk of verdict.chunks) {
          expect(chunk.passed, summary(verdict)).toBe(false)
          if (caught === 'states') expect(chunk.maxValueDistance).toBeGreaterThan(tolerance.maxValueDistance)
          else {
            // The states of the claimed tokens are honest: only the draw gives the cheat away.
            expect(chunk.maxValueDistance).toBeLessThan(tolerance.maxValueDistance / 10)
            expect(chunk.tokenMismatches).toBeGreaterThan(0)
          }
        }
      })
    }
  }

  it('catches sampling with another seed on nearly every token', async () => {
    const request = requests.sampled as GenerationRequest
    const verdict = await verifyGeneration(
      verifier,
      request,
      await run({ kind: 'honest' }, REFERENCE_HARDWARE, request, { kind: 'reseed', seed: 43 }),
    )
    console.info(`another seed: ${summary(verdict)}`)
    expect(verdict.passed).toBe(false)
    expect(verdict.tokenMismatches).toBeGreaterThan(48)
    expect(verdict.maxValueDistance).toBeLessThan(tolerance.maxValueDistance / 10)
  })

  it('lets an 8-bit KV cache through one chunk but shows it in every chunk statistic', async () => {
    const rows: string[] = []
    for (const [mode, request] of Object.entries(requests)) {
      const lazy = await verifyGeneration(
        verifier,
        request,
        await run({ kind: 'honest' }, REFERENCE_HARDWARE, request, { kind: 'kv8' }),
      )
      const honest = await verifyGeneration(
        verifier,
        request,
        await run({ kind: 'honest' }, PROFILES.fp16 as HardwareProfile, request),
      )
      rows.push(`8-bit KV cache (${mode}): ${summary(lazy)}`, `fp16 honest (${mode}): ${summary(honest)}`)
      for (const [c, chunk] of lazy.chunks.entries()) {
        // Within the one-chunk tolerance, yet above the widest honest spread on every chunk:
        // evidence a sequential test accumulates over chunks and jobs.
        expect(chunk.maxValueDistance).toBeLessThan(tolerance.maxValueDistance)
        expect(chunk.meanValueDistance).toBeGreaterThan(2 * (honest.chunks[c]?.meanValueDistance ?? 0))
      }
    }
    console.info(rows.join('\n'))
  })

  it('fails chunks whose digest was altered, or that are missing', async () => {
    const request = requests.greedy as GenerationRequest
    const honest = await run({ kind: 'honest' }, REFERENCE_HARDWARE, request)
    const forged = (generation: Generation, rehash: boolean): Generation => {
      const [first, ...rest] = generation.chunks
      if (!first) throw new Error('no chunk')
      const values = first.values.map((value, i) => (i === 5 ? value + 0.5 : value))
      const hash = rehash ? hashDigest(first.indices, values) : first.hash
      return { ...generation, chunks: [{ ...first, values, hash }, ...rest] }
    }
    const rehashed = await verifyGeneration(verifier, request, forged(honest, true))
    expect(rehashed.chunks.map((chunk) => chunk.passed)).toEqual([false, true])
    expect(rehashed.chunks[0]?.maxValueDistance).toBeCloseTo(0.5, 3)
    const unhashed = await verifyGeneration(verifier, request, forged(honest, false))
    expect(unhashed.chunks[0]?.wellFormed).toBe(false)
    const missing = await verifyGeneration(verifier, request, {
      ...honest,
      chunks: honest.chunks.slice(0, 1),
    })
    expect(missing.chunks.map((chunk) => chunk.passed)).toEqual([true, false])
    const short = await verifyGeneration(verifier, request, { ...honest, tokens: honest.tokens.slice(0, 40) })
    expect(short.chunks.map((chunk) => chunk.passed)).toEqual([true, false])
    const long = await verifyGeneration(verifier, request, { ...honest, tokens: [...honest.tokens, 1] })
    expect(long.chunks.map((chunk) => chunk.passed)).toEqual([true, true])
    expect(long.passed).toBe(false)
    expect((await verifyGeneration(verifier, request, honest)).passed).toBe(true)
  })
})
