import { describe, expect, it } from 'vitest'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import type { DecoderSpec } from '../build/decoderTypes.ts'
import type { GenerationRequest } from './generationTypes.ts'
import { measureGenerationSpread } from './measureGenerationSpread.ts'

const spec: DecoderSpec = { vocab: 256, width: 32, heads: 4, blocks: 2, context: 64, ffMult: 4, seed: 8 }
const requests: GenerationRequest[] = [0, 1].map((seed) => ({
  prompt: Array.from({ length: 12 }, (_, t) => (t * 41 + seed) % 256),
  outputTokens: 40,
  sampling: { kind: 'sample', temperature: 1, seed },
  chunkSize: 16,
}))

describe('measureGenerationSpread', () => {
  it('separates honest hardware from cheats, chunk by chunk', async () => {
    const [float32, fp16, int4, reseeded] = await measureGenerationSpread(
      spec,
      [
        { hardware: { ...REFERENCE_HARDWARE, threads: 2, optimization: 'basic' } },
        { hardware: { ...REFERENCE_HARDWARE, fp16Weights: true } },
        { variant: { kind: 'int4' }, hardware: REFERENCE_HARDWARE },
        { hardware: REFERENCE_HARDWARE, cheat: { kind: 'reseed', seed: 7 } },
      ],
      requests,
    )
    // Two requests of 40 tokens in chunks of 16: 3 chunks each.
    expect(float32).toMatchObject({
      chunks: 6,
      tokens: 80,
      failedChunks: 0,
      tokenMismatches: 0,
      minOverlap: 1,
    })
    expect(float32?.maxValueDistance).toBeLessThan(1e-5)
    expect(fp16).toMatchObject({ failedChunks: 0, tokenMismatches: 0 })
    expect(fp16?.maxValueDistance).toBeGreaterThan(float32?.maxValueDistance ?? 0)
    expect(int4?.failedChunks).toBe(6)
    expect(int4?.meanValueDistance).toBeGreaterThan(10 * (fp16?.meanValueDistance ?? 0))
    // Another seed leaves the states honest and gives itself away by its tokens.
    expect(reseeded?.maxValueDistance).toBeLessThan(1e-5)
    expect(reseeded?.tokenMismatches).toBeGreaterThan(60)
  })
})
