import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import {
  type DecoderModelSpec,
  type GenerationOrder,
  type HardwareProfile,
  type InferencePort,
  type InferenceResult,
  type MlpModelSpec,
  type ModelInfo,
  REFERENCE_HARDWARE,
  type RunRef,
  type VariantName,
} from '../../sim/index.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import { buildDecoderBlock } from '../build/buildDecoderBlock.ts'
import { decoderSpecOf } from '../build/decoderSpecOf.ts'
import { evaluateFlops } from '../build/evaluateFlops.ts'
import { hashDecoder } from '../files/hashDecoder.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { digestGeneration, PADDING_DIGEST } from '../run/digestGeneration.ts'
import { generate } from '../run/generate.ts'
import { openDecoder } from '../run/openDecoder.ts'
import { requestFromOrder } from '../run/requestFromOrder.ts'
import { createInferencePool } from './createInferencePool.ts'

const decoder: DecoderModelSpec = {
  kind: 'decoder',
  vocab: 256,
  width: 32,
  heads: 4,
  blocks: 2,
  context: 96,
  ffMult: 2,
  seed: 3,
  cheats: {
    skipBlocks: 1,
    substitute: { width: 16, heads: 2, blocks: 1 },
    truncateKeep: 4,
    biasTokens: [7, 8],
    bias: 5,
  },
}
/**
 * 40 tokens in chunks of 16: two full chunks, a short one, and a padding chunk, each of two
 * blocks: checkpoint (c − 1) × 2 + b is block b of chunk c.
 */
const order: GenerationOrder = {
  promptTokens: 8,
  outputTokens: 40,
  sampling: { kind: 'sample', temperature: 0.8 },
  chunkSize: 16,
  topK: 4,
  checkpoints: 8,
}
const ALL_AGREE = new Array<boolean>(8).fill(true)
const greedy: GenerationOrder = { ...order, sampling: { kind: 'greedy' } }
const THREADS2: HardwareProfile = { threads: 2, optimization: 'all', fp16Weights: false }
const FP16: HardwareProfile = { threads: 1, optimization: 'basic', fp16Weights: true }
const run = (variant: VariantName, hardware = REFERENCE_HARDWARE): RunRef => ({ variant, hardware })
const seeds = [21, 22, 23, 24]

let one: InferencePort
let two: InferencePort
let info: ModelInfo

beforeAll(async () => {
  one = createInferencePool({ workers: 1, tolerance: 5e-3 })
  two = createInferencePool({ workers: 2, tolerance: 5e-3 })
  const [a, b] = await Promise.all([one.load(decoder), two.load(decoder)])
  expect(b).toEqual(a)
  info = a as ModelInfo
})
afterAll(() => Promise.all([one?.close(), two?.close()]))

describe('createInferencePool with a decoder', () => {
  it('describes the honest graphs’ hash, the cost model’s shape and every variant this decoder can run', () => {
    const built = buildDecoder(decoderSpecOf(decoder))
    expect(info.hash).toBe(hashDecoder(encodeModel(built.prefill), encodeModel(built.decode)))
    expect(info).toMatchObject({ layers: 0, layerFlops: [], inputSize: 0, parameters: built.parameters })
    expect(info.decoder).toEqual({
      params: built.parameters,
      width: 32,
      blocks: 2,
      vocab: 256,
      context: 96,
      checkpointBlocks: 2,
    })
    const flops = (variant: VariantName) => info.variants[variant]?.flops as number
    expect(Object.keys(info.variants).sort()).toEqual(
      ['bias', 'honest', 'int4', 'kv8', 'reseed', 'skip', 'substitute', 'truncate'].sort(),
    )
    // The representative generation: a prefill of 16 tokens, then 63 decode steps.
    let honest = evaluateFlops(built.prefillFlops, 16)
    for (let t = 16; t < 79; t++) honest += evaluateFlops(built.decodeFlops, t)
    expect(flops('honest')).toBe(honest)
    for (const same of ['int4', 'kv8', 'reseed', 'bias'] as const) expect(flops(same), same).toBe(honest)
    for (const cheaper of ['skip', 'substitute', 'truncate'] as const)
      expect(flops(cheaper), cheaper).toBeLessThan(honest)
  })

  it('generates in the worker exactly what the calling thread generates, padded to the checkpoints', async () => {
    const local = await openDecoder(buildDecoder(decoderSpecOf(decoder)), REFERENCE_HARDWARE)
    const expected = digestGeneration(await generate(local, requestFromOrder(order, 21, 256)), order, {
      checkpoints: true,
      output: true,
    })
    await local.release()
    const pooled = await two.infer({ modelId: info.id, inputSeed: 21, ...run('honest'), generation: order })
    expect(pooled).toEqual(expected)
    expect(pooled.layerDigests).toHaveLength(8)
    expect(pooled.layerDigests.slice(6)).toEqual([PADDING_DIGEST, PADDING_DIGEST])
    expect(new Set(pooled.layerDigests.slice(0, 6)).size).toBe(6)
    expect(pooled.output).toHaveLength(40)
    expect([...pooled.output].every((token) => Number.isInteger(token) && token >= 0 && token < 256)).toBe(
      true,
    )
    const facts = pooled.generation
    expect(facts).toMatchObject({ promptTokens: 8, outputTokens: 40 })
    expect(pooled.flops).toBe((facts?.prefillFlops ?? 0) + (facts?.decodeFlops ?? 0))
    const lean = await two.infer({
      modelId: info.id,
      inputSeed: 21,
      ...run('honest'),
      generation: order,
      checkpoints: false,
      output: false,
    })
    expect(lean).toEqual({ ...pooled, layerDigests: [], output: new Float32Array(0) })
    // Another seed is another prompt and another draw.
    const other = await two.infer({ modelId: info.id, inputSeed: 22, ...run('honest'), generation: order })
    expect(other.resultDigest).not.toBe(pooled.resultDigest)
  })

  it('gives byte-identical generations, checks and referee steps with 1 and 2 workers', async () => {
    const everything = (pool: InferencePort) =>
      Promise.all(
        (['honest', 'kv8', 'int4', 'reseed'] as const).flatMap((variant) =>
          seeds.slice(0, 2).flatMap((inputSeed) => [
            pool.infer({ modelId: info.id, inputSeed, ...run(variant, FP16), generation: order }),
            pool.compare({
              modelId: info.id,
              inputSeed,
              generation: order,
              claimed: run(variant, THREADS2),
              reference: run('honest'),
            }),
            ...[2, 3].map((layer) =>
              pool.checkLayer({
                modelId: info.id,
                inputSeed,
                layer,
                generation: order,
                claimed: run(variant),
                hardware: REFERENCE_HARDWARE,
              }),
            ),
          ]),
        ),
      )
    const [fromOne, fromTwo] = await Promise.all([everything(one), everything(two)])
    expect(fromTwo).toEqual(fromOne)
  })

  it('passes honest hosts on other hardware with one prefill, and fails cheaper graphs', async () => {
    const compare = (variant: VariantName, hardware = REFERENCE_HARDWARE, inputSeed = 21) =>
      two.compare({
        modelId: info.id,
        inputSeed,
        generation: order,
        claimed: run(variant, hardware),
        reference: run('honest'),
      })
    const honest = await compare('honest', THREADS2)
    expect(honest.agree).toEqual(ALL_AGREE)
    expect(honest.chunks?.map(({ start, count }) => [start, count])).toEqual([
      [0, 16],
      [16, 16],
      [32, 8],
    ])
    const built = buildDecoder(decoderSpecOf(decoder))
    expect(honest.flops).toBe(evaluateFlops(built.prefillFlops, 48))
    expect(honest.generation).toEqual({
      promptTokens: 8,
      outputTokens: 40,
      prefillFlops: honest.flops,
      decodeFlops: 0,
    })
    let kv8Passed = 0
    for (const inputSeed of seeds) {
      expect((await compare('honest', FP16, inputSeed)).agree, `fp16 seed ${inputSeed}`).toEqual(ALL_AGREE)
      // The first checkpoint out of tolerance, where bisection lands: int4 and substitute move
      // block 1 of chunk 1 already; skip (the last block dropped) keeps block 1 and fails block 2.
      for (const [cheat, first] of [
        ['int4', 0],
        ['substitute', 0],
        ['skip', 1],
      ] as const) {
        const checked = await compare(cheat, REFERENCE_HARDWARE, inputSeed)
        expect(checked.agree.indexOf(false), `${cheat} seed ${inputSeed}`).toBe(first)
        // Padding stands for no tokens: it agrees whatever ran.
        expect(checked.agree.slice(6)).toEqual([true, true])
      }
      const kv8 = await compare('kv8', REFERENCE_HARDWARE, inputSeed)
      kv8Passed += kv8.chunks?.filter((chunk) => chunk.passed).length ?? 0
      // The 8-bit cache moves hidden states, only a little: the evidence a sequential test sums.
      expect(Math.max(...(kv8.chunks ?? []).map((chunk) => chunk.meanValueDistance))).toBeGreaterThan(0)
    }
    expect(kv8Passed, 'kv8 chunks passed out of 12').toBeGreaterThanOrEqual(8)
    // Sampling with another seed changes tokens the verifier's reproduced draw refuses.
    const reseeded = await compare('reseed')
    expect(reseeded.agree.slice(0, 6).every(Boolean)).toBe(false)
  })

  it('referees one (chunk, block) by re-executing that one block up to the chunk’s end; padding agrees at no cost', async () => {
    const check = (variant: VariantName, layer: number, hardware = THREADS2) =>
      two.checkLayer({
        modelId: info.id,
        inputSeed: 23,
        layer,
        generation: order,
        claimed: run(variant, hardware),
        hardware: REFERENCE_HARDWARE,
      })
    const layers = [1, 2, 3, 4, 5, 6, 7, 8]
    const spec = decoderSpecOf(decoder)
    const blocks = [buildDecoderBlock(spec, 0), buildDecoderBlock(spec, 1)]
    const honest = await Promise.all(layers.map((layer) => check('honest', layer)))
    expect(honest.map((verdict) => verdict.agree)).toEqual(ALL_AGREE)
    // One block's prefill over the prompt and the output up to the chunk's end, less the last
    // token (nothing is predicted from it): 8 + 16 − 1, 8 + 32 − 1, 8 + 40 − 1 positions.
    const flops = (block: number, positions: number) =>
      evaluateFlops(blocks[block - 1]?.flops ?? [0, 0, 0], positions)
    expect(honest.map((verdict) => verdict.flops)).toEqual([
      flops(1, 23),
      flops(2, 23),
      flops(1, 39),
      flops(2, 39),
      flops(1, 47),
      flops(2, 47),
      0,
      0,
    ])
    // The two blocks make the prefill (each computes the mask; the first embeds, the last has the head).
    const whole = evaluateFlops(buildDecoder(spec).prefillFlops, 47)
    expect(Math.abs((flops(1, 47) + flops(2, 47)) / whole - 1)).toBeLessThan(0.01)
    expect(flops(1, 47)).toBeLessThan(whole * 0.6)
    const fp16 = await Promise.all(layers.map((layer) => check('honest', layer, FP16)))
    expect(fp16.map((verdict) => verdict.agree)).toEqual(ALL_AGREE)
    // skip keeps block 1 honest and claims its state for the dropped block 2 too.
    const skip = await Promise.all(layers.map((layer) => check('skip', layer)))
    expect(skip.map((verdict) => verdict.agree)).toEqual([true, false, true, false, true, false, true, true])
    const int4 = await Promise.all(layers.map((layer) => check('int4', layer)))
    expect(int4.map((verdict) => verdict.agree).slice(0, 2)).toEqual([false, false])
    const substitute = await Promise.all(layers.map((layer) => check('substitute', layer)))
    expect(substitute.map((verdict) => verdict.agree)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ])
    // Tokens the claimed draw did not make fail the last block: its logits re-derive them.
    const reseed = await check('reseed', 2)
    expect(reseed.agree).toBe(false)
  })

  it('compares generations within the measured tolerance even in an exact pool: a prefill never repeats decode steps bit for bit', async () => {
    const exact = createInferencePool({ workers: 1, tolerance: 0 })
    try {
      const { id } = await exact.load(decoder)
      const checked = await exact.compare({
        modelId: id,
        inputSeed: 21,
        generation: order,
        claimed: run('honest'),
        reference: run('honest'),
      })
      expect(checked.agree).toEqual(ALL_AGREE)
      expect(Math.max(...(checked.chunks ?? []).map((chunk) => chunk.meanValueDistance))).toBeGreaterThan(0)
    } finally {
      await exact.close()
    }
  })

  it('checks generations and referees blocks within the pool’s generation tolerance, and refuses one out of range', async () => {
    // fp16 weights pass the default tolerance (above); a value distance far below their drift fails them.
    const tight = createInferencePool({
      workers: 1,
      tolerance: 5e-3,
      generationTolerance: { minOverlap: 0.9, maxValueDistance: 1e-6, tokenMargin: 0.01 },
    })
    try {
      const { id } = await tight.load(decoder)
      const claimed = run('honest', FP16)
      const checked = await tight.compare({
        modelId: id,
        inputSeed: 21,
        generation: order,
        claimed,
        reference: run('honest'),
      })
      expect(checked.agree.slice(0, 6).every(Boolean)).toBe(false)
      const refereed = await tight.checkLayer({
        modelId: id,
        inputSeed: 21,
        layer: 1,
        generation: order,
        claimed,
        hardware: REFERENCE_HARDWARE,
      })
      expect(refereed.agree).toBe(false)
    } finally {
      await tight.close()
    }
    const bad =
      (generationTolerance: { minOverlap: number; maxValueDistance: number; tokenMargin: number }) => () =>
        createInferencePool({ workers: 1, tolerance: 5e-3, generationTolerance })
    expect(bad({ minOverlap: 0.9, maxValueDistance: 0, tokenMargin: 0.01 })).toThrow(
      /generationTolerance\.maxValueDistance must be a finite number > 0, got 0/,
    )
    expect(bad({ minOverlap: 1.5, maxValueDistance: 0.02, tokenMargin: 0.01 })).toThrow(InputError)
    expect(bad({ minOverlap: 0.9, maxValueDistance: 0.02, tokenMargin: Number.NaN })).toThrow(
      /tokenMargin must be a finite number ≥ 0/,
    )
  })

  it('runs loop cheats as real changes: truncate and bias change the tokens', async () => {
    const infer = (variant: VariantName): Promise<InferenceResult> =>
      two.infer({ modelId: info.id, inputSeed: 24, ...run(variant), generation: greedy })
    const [honest, truncate, bias] = await Promise.all([infer('honest'), infer('truncate'), infer('bias')])
    expect(truncate.output).not.toEqual(honest.output)
    expect(truncate.generation?.prefillFlops).toBeLessThan(honest.generation?.prefillFlops as number)
    expect(bias.output).not.toEqual(honest.output)
  })

  it('refuses requests that do not fit the model, in the calling thread, as InputError', async () => {
    const base = { modelId: info.id, inputSeed: 1, ...run('honest') }
    await expect(two.infer(base)).rejects.toThrow(/needs a generation order/)
    await expect(two.infer({ ...base, generation: { ...order, checkpoints: 2 } })).rejects.toThrow(
      /generation\.checkpoints is 2, not a multiple of 2 blocks at least the 6 \(chunk, block\) pairs/,
    )
    await expect(two.infer({ ...base, generation: { ...order, outputTokens: 90 } })).rejects.toThrow(
      /more than model\.context 96/,
    )
    await expect(two.infer({ ...base, ...run('reseed'), generation: greedy })).rejects.toThrow(/greedy/)
    await expect(two.infer({ ...base, ...run('int8'), generation: order })).rejects.toThrow(
      /has no int8 variant/,
    )
    await expect(
      two.checkLayer({
        ...base,
        layer: 9,
        generation: order,
        claimed: run('honest'),
        hardware: REFERENCE_HARDWARE,
      }),
    ).rejects.toThrow(/layer must be a checkpoint in \[1, 8\]/)
    await expect(
      two.compare({ ...base, generation: order, claimed: run('honest'), reference: run('kv8') }),
    ).rejects.toThrow(/runs no loop/)
    await expect(two.load({ ...decoder, cheats: { ...decoder.cheats, biasTokens: [300] } })).rejects.toThrow(
      /model\.cheats\.biasTokens\[0\]/,
    )
    const noSkip = await two.load({ ...decoder, cheats: { ...decoder.cheats, skipBlocks: 2 } })
    await expect(
      two.infer({ ...base, modelId: noSkip.id, ...run('skip'), generation: order }),
    ).rejects.toThrow(/skipBlocks is 2; the skip variant needs it in \[1, 2\)/)
    const mlp: MlpModelSpec = {
      kind: 'mlp',
      width: 8,
      depth: 2,
      inputSize: 4,
      outputSize: 2,
      seed: 1,
      cheats: { skipLayers: 1, noiseScale: 1, substituteWidth: 4 },
    }
    const forward = await two.load(mlp)
    for (const call of [
      two.infer({ ...base, modelId: forward.id, generation: order }),
      two.compare({
        ...base,
        modelId: forward.id,
        generation: order,
        claimed: run('honest'),
        reference: run('honest'),
      }),
    ])
      await expect(call).rejects.toThrow(InputError)
  })
})
