import seedrandom from 'seedrandom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import { type KvCache, type OpenDecoder, openDecoder } from '../run/openDecoder.ts'
import { buildDecoder } from './buildDecoder.ts'
import type { DecoderSpec } from './decoderTypes.ts'

const spec: DecoderSpec = { vocab: 256, width: 32, heads: 4, blocks: 2, context: 64, ffMult: 4, seed: 3 }
const T = 24

function randomTokens(count: number, seed: string): number[] {
  const rng = seedrandom.alea(seed)
  return Array.from({ length: count }, () => Math.floor(rng() * spec.vocab))
}

/** Largest |a − b| relative to the largest |b| of the slice: one number per position. */
function relativeDistance(a: Float32Array, b: Float32Array): number {
  let diff = 0
  let scale = 0
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)))
    scale = Math.max(scale, Math.abs(b[i] as number))
  }
  return diff / scale
}

describe('buildDecoder', () => {
  let decoder: OpenDecoder
  beforeAll(async () => {
    decoder = await openDecoder(buildDecoder(spec), REFERENCE_HARDWARE)
  })
  afterAll(() => decoder.release())

  it('gives the same logits and hidden states from one prefill as from decode steps one token at a time', async () => {
    const tokens = randomTokens(T, 'sequence')
    const whole = await decoder.prefill(tokens)
    expect(whole.logits).toHaveLength(T * spec.vocab)
    expect(whole.hidden).toHaveLength(T * spec.width)
    expect(whole.cache.keys).toHaveLength(spec.blocks)
    expect(whole.cache.keys[0]).toHaveLength(T * spec.width)
    let cache: KvCache = { keys: [], values: [], length: 0 }
    for (let i = 0; i < spec.blocks; i++) {
      cache.keys.push(new Float32Array(0))
      cache.values.push(new Float32Array(0))
    }
    let worst = 0
    for (const [t, token] of tokens.entries()) {
      const step = await decoder.step(token, t, cache)
      cache = step.cache
      const at = (values: Float32Array, size: number) => values.subarray(t * size, (t + 1) * size)
      worst = Math.max(
        worst,
        relativeDistance(step.logits, at(whole.logits, spec.vocab)),
        relativeDistance(step.hidden, at(whole.hidden, spec.width)),
      )
    }
    expect(worst).toBeLessThan(1e-4)
    // The cache built step by step is prefill's.
    expect(relativeDistance(cache.keys[1] as Float32Array, whole.cache.keys[1] as Float32Array)).toBeLessThan(
      1e-4,
    )
  })

  it('is causal: changing token t changes no earlier position and changes position t', async () => {
    const tokens = randomTokens(T, 'causal')
    const changed = [...tokens]
    const t = 10
    changed[t] = ((tokens[t] as number) + 1) % spec.vocab
    const [a, b] = [await decoder.prefill(tokens), await decoder.prefill(changed)]
    const earlier = (values: Float32Array) => values.subarray(0, t * spec.width)
    expect(relativeDistance(earlier(a.hidden), earlier(b.hidden))).toBeLessThan(1e-6)
    expect(
      relativeDistance(a.logits.subarray(0, t * spec.vocab), b.logits.subarray(0, t * spec.vocab)),
    ).toBeLessThan(1e-6)
    const at = (values: Float32Array) => values.subarray(t * spec.width, (t + 1) * spec.width)
    expect(relativeDistance(at(a.hidden), at(b.hidden))).toBeGreaterThan(1e-2)
  })

  it('counts prefill and decode FLOPs from the graphs as the closed form', () => {
    const { width: w, heads: h, vocab: V, blocks } = spec
    const ff = spec.ffMult * w
    const prefillBlock = (n: number) =>
      14 * n * w + 8 * n * w * w + 4 * n * n * w + 7 * h * n * n + 2 * n * w + 4 * n * w * ff + 5 * n * ff
    // Embedding Add, the mask (Greater, Cast, Mul), final LayerNorm and the vocabulary head.
    const prefill = (n: number) => n * w + 3 * n * n + blocks * prefillBlock(n) + 7 * n * w + 2 * n * w * V
    // One query against past + 1 keys: no mask.
    const decodeBlock = (s: number) =>
      14 * w + 8 * w * w + 4 * s * w + 6 * h * s + 2 * w + 4 * w * ff + 5 * ff
    const decode = (past: number) => w + blocks * decodeBlock(past + 1) + 7 * w + 2 * w * V
    const built = buildDecoder(spec)
    const poly = ([c0, c1, c2]: number[], n: number) =>
      (c0 as number) + (c1 as number) * n + (c2 as number) * n * n
    for (const n of [1, 7, 64]) expect(poly(built.prefillFlops, n)).toBe(prefill(n))
    for (const n of [0, 7, 63]) expect(poly(built.decodeFlops, n)).toBe(decode(n))
    // Fewer blocks cost less; int4 weights are the same arithmetic.
    expect(buildDecoder(spec, { kind: 'skip', blocks: 1 }).decodeFlops[1]).toBe(built.decodeFlops[1] / 2)
    expect(buildDecoder(spec, { kind: 'int4' }).prefillFlops).toEqual(built.prefillFlops)
  })

  it('counts the weights a decode step reads and the cache each token adds', () => {
    const { width: w, vocab: V, context, ffMult } = spec
    // Per block: Q K V O, the MLP's two matrices, two LayerNorms' gains and shifts.
    const block = 4 * w * w + 2 * w * ffMult * w + 4 * w
    // Token and position embeddings, the final LayerNorm, the vocabulary head.
    const expected = V * w + context * w + spec.blocks * block + 2 * w + w * V
    expect(buildDecoder(spec).parameters).toBe(expected)
    expect(buildDecoder(spec).cacheFloatsPerToken).toBe(2 * 2 * w)
    expect(buildDecoder(spec, { kind: 'skip', blocks: 1 }).cacheFloatsPerToken).toBe(2 * w)
    expect(
      buildDecoder(spec, { kind: 'substitute', width: 16, heads: 2, blocks: 1 }).cacheFloatsPerToken,
    ).toBe(2 * 16)
  })

  it('builds every variant as a runnable pair with the honest hidden width', async () => {
    const tokens = randomTokens(8, 'variants')
    const honest = await decoder.prefill(tokens)
    for (const variant of [
      { kind: 'skip', blocks: 1 },
      { kind: 'substitute', width: 16, heads: 2, blocks: 1 },
      { kind: 'int4' },
    ] as const) {
      const opened = await openDecoder(buildDecoder(spec, variant), REFERENCE_HARDWARE)
      const pass = await opened.prefill(tokens)
      expect(pass.hidden, variant.kind).toHaveLength(8 * spec.width)
      expect(pass.logits, variant.kind).toHaveLength(8 * spec.vocab)
      expect(relativeDistance(pass.hidden, honest.hidden), variant.kind).toBeGreaterThan(1e-3)
      await opened.release()
    }
  })

  it('runs on every hardware profile, fp16-rounded weights included, close to the reference', async () => {
    const tokens = randomTokens(T, 'profiles')
    const reference = await decoder.prefill(tokens)
    for (const hardware of [
      { ...REFERENCE_HARDWARE, threads: 2 },
      { ...REFERENCE_HARDWARE, optimization: 'disabled' as const },
      { ...REFERENCE_HARDWARE, fp16Weights: true },
    ]) {
      const opened = await openDecoder(buildDecoder(spec), hardware)
      const pass = await opened.prefill(tokens)
      // The causal mask must survive weights rounded through float16 (it once became −Infinity).
      expect(pass.logits.every(Number.isFinite), JSON.stringify(hardware)).toBe(true)
      expect(relativeDistance(pass.hidden, reference.hidden), JSON.stringify(hardware)).toBeLessThan(1e-2)
      await opened.release()
    }
  })

  it('keeps activations O(1) and logits spread across the vocabulary', async () => {
    const { hidden, logits } = await decoder.prefill(randomTokens(T, 'scale'))
    const rms = (values: Float32Array) => Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / values.length)
    expect(rms(hidden)).toBeGreaterThan(0.3)
    expect(rms(hidden)).toBeLessThan(3)
    expect(rms(logits)).toBeGreaterThan(0.3)
  })

  it('rejects what it cannot build, naming the field', () => {
    expect(() => buildDecoder({ ...spec, width: 30 })).toThrow(
      /model\.width must be a multiple of model\.heads/,
    )
    expect(() => buildDecoder({ ...spec, vocab: 1 })).toThrow(/model\.vocab must be an integer ≥ 2/)
    expect(() => buildDecoder({ ...spec, context: 0 })).toThrow(InputError)
    expect(() => buildDecoder({ ...spec, context: 0 })).toThrow(/model\.context/)
    expect(() => buildDecoder(spec, { kind: 'skip', blocks: 2 })).toThrow(
      /keeps 1 to 1 of the model's 2 blocks/,
    )
    expect(() => buildDecoder(spec, { kind: 'substitute', width: 10, heads: 4, blocks: 1 })).toThrow(
      /substitute decoder: model\.width must be a multiple of model\.heads \(4\), got 10/,
    )
  })
})
