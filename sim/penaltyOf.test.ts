import { describe, expect, it } from 'vitest'
import { checkProbabilityOf } from './checkProbabilityOf.ts'
import { drawFee } from './drawFee.ts'
import { penaltyOf } from './penaltyOf.ts'
import type { RunSpec } from './runSpec.ts'
import { summarizeFeeDraw } from './summarizeFeeDraw.ts'

const protocol = (p: Partial<RunSpec['protocol']>) =>
  ({
    mode: 'sampling',
    p: 0.2,
    watchProbability: 0.1,
    alwaysCheckAbove: null,
    minStake: 10,
    slashRule: 'fraction',
    slashFraction: 0.1,
    slashAmount: 0,
    slashScale: 0,
    ...p,
  }) as RunSpec['protocol']

describe('penaltyOf', () => {
  it('takes a fraction of the stake, a fixed amount, or fee × scale ÷ check probability, capped at the stake', () => {
    expect(penaltyOf(protocol({}), 1, 50)).toBeCloseTo(5, 12)
    // Uncapped, the fraction rule's is of minStake: it never exceeds it.
    expect(penaltyOf(protocol({}), 1, null)).toBeCloseTo(1, 12)
    expect(penaltyOf(protocol({ slashRule: 'fixed', slashAmount: 3 }), 1, 50)).toBe(3)
    expect(penaltyOf(protocol({ slashRule: 'fixed', slashAmount: 3 }), 1, 2)).toBe(2)
    const scaled = protocol({ slashRule: 'valueScaled', slashScale: 2, alwaysCheckAbove: 1 })
    expect(penaltyOf(scaled, 0.1, 50)).toBeCloseTo(1, 12)
    expect(penaltyOf(scaled, 1, 50)).toBe(2)
    expect(penaltyOf(scaled, 0.5, 3)).toBe(3)
    expect(penaltyOf(scaled, 0.5, null)).toBeCloseTo(5, 12)
    // The expected penalty of a cheat is slashScale × its fee, whatever the check probability.
    for (const fee of [0.01, 0.3, 0.99, 1, 4])
      expect(checkProbabilityOf(scaled, fee) * penaltyOf(scaled, fee, null)).toBeCloseTo(2 * fee, 12)
  })

  it('checks a job with p below the threshold and always at or above it; optimistic with watchProbability, others always', () => {
    const threshold = protocol({ alwaysCheckAbove: 1 })
    expect([0.5, 0.999, 1, 2].map((fee) => checkProbabilityOf(threshold, fee))).toEqual([0.2, 0.2, 1, 1])
    expect(checkProbabilityOf(protocol({}), 100)).toBe(0.2)
    expect(checkProbabilityOf(protocol({ mode: 'optimistic' }), 1)).toBe(0.1)
    for (const mode of ['none', 'replication', 'tee', 'zk'] as const)
      expect(checkProbabilityOf(protocol({ mode }), 1)).toBe(1)
  })
})

describe('drawFee and summarizeFeeDraw', () => {
  it('draw within the bounds and summarize min, max and mean', () => {
    expect(drawFee({ uniform: [1, 3] }, 0.5)).toBe(2)
    expect(drawFee({ logUniform: [0.01, 1] }, 0.5)).toBeCloseTo(0.1, 12)
    expect([0, 0.3, 0.5, 0.999].map((u) => drawFee({ choices: [1, 2, 3, 4] }, u))).toEqual([1, 2, 3, 4])
    expect(summarizeFeeDraw({ choices: [0.01, 0.1, 1] })).toEqual({ min: 0.01, max: 1, mean: 1.11 / 3 })
    expect(summarizeFeeDraw(0.25)).toEqual({ min: 0.25, max: 0.25, mean: 0.25 })
    expect(summarizeFeeDraw({ uniform: [1, 3] })).toEqual({ min: 1, max: 3, mean: 2 })
    // The sample mean of many log-uniform draws approaches the summary's mean.
    const n = 100_000
    let sum = 0
    for (let i = 0; i < n; i++) sum += drawFee({ logUniform: [0.01, 1] }, (i + 0.5) / n)
    expect(sum / n).toBeCloseTo(summarizeFeeDraw({ logUniform: [0.01, 1] }).mean, 4)
  })
})
