import { describe, expect, it } from 'vitest'
import { emissionPerDay } from './emissionPerDay.ts'
import { entrantProfit } from './entrantProfit.ts'

const DAY = 86_400

describe('entrantProfit', () => {
  it('shares fees and scheduled emissions less compute among the hosts and the entrant, per day', () => {
    const window = { seconds: 2 * DAY, fees: 30, compute: 10, emission: 40 }
    // (30 + 40 − 10) / (3 + 1) = 15 tokens over 2 days = 7.5 a day, less 100 × 0.01 for the stake.
    expect(entrantProfit(window, 3, 100, 0.01)).toBeCloseTo(6.5, 12)
  })

  it('is defined with no host serving: emissions alone can draw an entrant back', () => {
    expect(entrantProfit({ seconds: DAY, fees: 0, compute: 0, emission: 5 }, 0, 100, 0.01)).toBeCloseTo(4, 12)
    expect(entrantProfit({ seconds: DAY, fees: 0, compute: 0, emission: 0 }, 0, 100, 0.01)).toBeCloseTo(
      -1,
      12,
    )
  })
})

describe('emissionPerDay', () => {
  it('halves the rate at every halving, and is zero without emissions', () => {
    const halving = { kind: 'halving', perDay: 64, halvingEvery: DAY, every: 3600 } as const
    expect([0, DAY - 1, DAY, 3 * DAY + 5].map((t) => emissionPerDay(halving, t))).toEqual([64, 64, 32, 8])
    expect(emissionPerDay({ kind: 'constant', perDay: 3, every: 3600 }, 10 * DAY)).toBe(3)
    expect(emissionPerDay({ kind: 'none' }, 0)).toBe(0)
  })
})
