import { afterAll, describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import {
  type DecoderModelSpec,
  type GenerationOrder,
  type HardwareProfile,
  REFERENCE_HARDWARE,
} from '../../sim/index.ts'
import { createInferencePool } from './createInferencePool.ts'

const decoder: DecoderModelSpec = {
  kind: 'decoder',
  vocab: 256,
  width: 32,
  heads: 4,
  blocks: 2,
  context: 64,
  ffMult: 2,
  seed: 3,
  cheats: {
    skipBlocks: 1,
    substitute: { width: 16, heads: 2, blocks: 1 },
    truncateKeep: 4,
    biasTokens: [7],
    bias: 5,
  },
}
const order: GenerationOrder = {
  promptTokens: 8,
  outputTokens: 32,
  sampling: { kind: 'greedy' },
  chunkSize: 16,
  topK: 4,
  checkpoints: 4,
}
const FP16: HardwareProfile = { threads: 1, optimization: 'basic', fp16Weights: true }
const pool = createInferencePool({ workers: 1, tolerance: 5e-3 })
afterAll(() => pool.close())

describe('a request’s own generation tolerance (a catalog decoder’s)', () => {
  it('overrides the pool’s for that check and referee step only, and is checked like the pool’s', async () => {
    const { id } = await pool.load(decoder)
    const claimed = { variant: 'honest' as const, hardware: FP16 }
    const compare = (generationTolerance?: {
      minOverlap: number
      maxValueDistance: number
      tokenMargin: number
    }) =>
      pool.compare({
        modelId: id,
        inputSeed: 5,
        generation: order,
        claimed,
        reference: { variant: 'honest', hardware: REFERENCE_HARDWARE },
        ...(generationTolerance ? { generationTolerance } : {}),
      })
    const tight = { minOverlap: 0.9, maxValueDistance: 1e-7, tokenMargin: 0.01 }
    // fp16 weights pass the pool's default; a value distance far below their drift fails them.
    expect((await compare()).agree.every(Boolean)).toBe(true)
    expect((await compare(tight)).agree.every(Boolean)).toBe(false)
    // The pool's own tolerance is untouched by a request that brought another.
    expect((await compare()).agree.every(Boolean)).toBe(true)
    const layer = (generationTolerance?: typeof tight) =>
      pool.checkLayer({
        modelId: id,
        inputSeed: 5,
        layer: 1,
        generation: order,
        claimed,
        hardware: REFERENCE_HARDWARE,
        ...(generationTolerance ? { generationTolerance } : {}),
      })
    expect((await layer()).agree).toBe(true)
    expect((await layer(tight)).agree).toBe(false)
    await expect(compare({ ...tight, maxValueDistance: 0 })).rejects.toThrow(InputError)
  })
})
