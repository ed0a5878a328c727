import { describe, expect, it } from 'vitest'
import { DEFAULT_GENERATION_TOLERANCE } from '../sim/index.ts'
import { measureDecoderBatchSpread } from './measureDecoderBatchSpread.ts'

/** The library's batching-decoder model. */
const spec = { vocab: 256, width: 64, heads: 4, blocks: 2, context: 128, ffMult: 4, seed: 5 }

describe('measureDecoderBatchSpread', () => {
  it('finds float-noise gaps from padding, far inside the default generation tolerance, and no changed token', async () => {
    const { gaps } = await measureDecoderBatchSpread(spec, { sizes: [1, 4] })
    const [alone, four] = gaps
    // A batch of one has no padding: its prefill is bit for bit the lone prefill.
    expect(alone?.prefill).toEqual({ maxLogitGap: 0, maxHiddenGap: 0, sequencesDiffering: 0 })
    // In a batch of 4 the padded prompts' states move in the last bits; the longest, unpadded, does not.
    expect(four?.prefill.sequencesDiffering).toBeGreaterThan(0)
    expect(four?.prefill.sequencesDiffering).toBeLessThan(4)
    for (const gap of gaps) {
      expect(gap.sequencesWithOtherTokens).toBe(0)
      expect(gap.sequencesPassing).toBe(gap.sequences)
      expect(gap.maxDigestValueGap).toBeLessThan(DEFAULT_GENERATION_TOLERANCE.maxValueDistance / 1000)
    }
  }, 30_000)
})
