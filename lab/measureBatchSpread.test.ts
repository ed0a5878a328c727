import { describe, expect, it } from 'vitest'
import { measureBatchSpread } from './measureBatchSpread.ts'

const cheats = { skipLayers: 1, noiseScale: 1, substituteWidth: 8 }

describe('measureBatchSpread', () => {
  it('finds no gap for the library MLPs: batched and alone give the same bits on this CPU', async () => {
    const spread = await measureBatchSpread({
      kind: 'mlp',
      width: 64,
      depth: 6,
      inputSize: 32,
      outputSize: 16,
      seed: 9,
      cheats,
    })
    expect(spread.gaps.map((g) => g.size)).toEqual([1, 2, 4, 8, 16, 32])
    for (const gap of spread.gaps) {
      expect(gap.jobs).toBe(gap.size)
      expect(gap.jobsDiffering).toBe(0)
      expect(gap.maxRelativeGap).toBe(0)
    }
  })

  it('finds a float-noise gap for a 128-wide transformer, from the batched graph, not the batch company', async () => {
    const spread = await measureBatchSpread(
      { kind: 'transformer', dModel: 128, heads: 2, blocks: 4, seqLen: 64, ffMult: 4, seed: 4, cheats },
      { sizes: [1, 4] },
    )
    for (const gap of spread.gaps) {
      expect(gap.jobsDiffering).toBe(gap.jobs)
      expect(gap.maxRelativeGap).toBeGreaterThan(0)
      // Float noise, far below any tolerance a scenario would set.
      expect(gap.maxRelativeGap).toBeLessThan(1e-5)
      expect(gap.jobsDifferingFromBatchOfOne).toBe(0)
    }
  }, 30_000)

  it('refuses a batch size that is not a whole number ≥ 1', async () => {
    await expect(
      measureBatchSpread(
        { kind: 'mlp', width: 8, depth: 1, inputSize: 4, outputSize: 2, seed: 1, cheats },
        { sizes: [0] },
      ),
    ).rejects.toThrow(/batch sizes must be whole numbers ≥ 1, got 0/)
  })
})
