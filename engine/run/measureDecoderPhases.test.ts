import { describe, expect, it } from 'vitest'
import { DEFAULT_DECODER } from '../build/decoderTypes.ts'
import {
  DECODER_CALIBRATION_SIZES,
  type DecoderPhaseSetup,
  measureDecoderPhases,
} from './measureDecoderPhases.ts'

/** Two small decoders: the arithmetic and the clock matter here, not the sizes calibration uses. */
const small = (width: number, blocks: number): DecoderPhaseSetup => ({
  spec: { ...DEFAULT_DECODER, width, heads: 2, blocks, context: 16, seed: 1 },
  prefillTokens: 10,
  decodeSteps: 4,
})

describe('measureDecoderPhases', () => {
  it('takes its time only from the injected clock, and keeps the medians of each phase', async () => {
    // 2 ms per reading and three readings per repetition (before the prefill, between the phases,
    // after the decode steps), after a warm-up that reads it three times too: repetition k ends
    // 6k − 2 ms after the first began, so a 30 ms budget stops every size after six.
    let t = 0
    const sizes = [small(16, 1), small(32, 2)]
    const result = await measureDecoderPhases({ now: () => (t += 2) }, { budgetMs: 30, sizes })
    for (const size of result.sizes) {
      expect(size.repetitions).toBe(6)
      expect(size.prefillSeconds).toBe(0.002)
      expect(size.decodeSecondsPerStep).toBe(0.002 / 4)
      expect(size.flopsPerSecond).toBe(size.prefillFlops / 0.002)
      expect(size.bytesPerSecond).toBe(size.decodeBytesPerStep / (0.002 / 4))
    }
    const [a, b] = result.sizes as [(typeof result.sizes)[0], (typeof result.sizes)[0]]
    expect(result.flopsPerSecond).toBe((a.flopsPerSecond + b.flopsPerSecond) / 2)
    expect(result.bytesPerSecond).toBe((a.bytesPerSecond + b.bytesPerSecond) / 2)
  }, 60_000)

  it('counts a decode step as the weights it reads, one embedding row each, and the cache it reads and writes', async () => {
    let t = 0
    const [size] = (
      await measureDecoderPhases({ now: () => (t += 1) }, { budgetMs: 0, sizes: [small(16, 1)] })
    ).sizes
    // width 16, one block, ffMult 4, vocab 256, context 16: attention 4·16², MLP 2·16·64, six
    // norm vectors of 16 (a scale and a shift for each of the block's two norms and the final
    // one), the head 16·256, and one row of each of the token and position tables. The cache
    // holds 2 · 16 floats per token; after a prefill of 10 the steps see 10 … 13 cached tokens
    // and each also writes its own.
    const weights = 4 * 16 * 16 + 2 * 16 * 64 + 6 * 16 + 16 * 256 + 2 * 16
    const cache = ((11 + 12 + 13 + 14) / 4) * 2 * 16
    expect(size?.decodeBytesPerStep).toBe((weights + cache) * 4)
    expect(size?.model).toBe('decoder w16 b1 ctx16')
    expect(size?.repetitions).toBe(3)
  }, 60_000)

  it('measures positive, finite rates on real onnxruntime', async () => {
    const result = await measureDecoderPhases(
      { now: () => performance.now() },
      { budgetMs: 1, sizes: [small(32, 2)] },
    )
    expect(result.flopsPerSecond).toBeGreaterThan(0)
    expect(result.bytesPerSecond).toBeGreaterThan(0)
    expect(Number.isFinite(result.flopsPerSecond) && Number.isFinite(result.bytesPerSecond)).toBe(true)
  }, 60_000)

  it('refuses a setup that does not fit the context, before building anything', async () => {
    const [first] = DECODER_CALIBRATION_SIZES as [DecoderPhaseSetup]
    const tooLong = { ...first, decodeSteps: first.spec.context }
    await expect(measureDecoderPhases({ now: () => 0 }, { budgetMs: 1, sizes: [tooLong] })).rejects.toThrow(
      /must be whole numbers ≥ 1 that fit the context of 256/,
    )
  })
})
