import { describe, expect, it } from 'vitest'
import { type ProfitSnapshot, SECONDS_PER_DAY, trailingProfit } from './trailingProfit.ts'

const snap = (t: number, income: number[], compute: number[]): ProfitSnapshot => ({
  t,
  income: Float64Array.from(income),
  fees: Float64Array.from(income),
  compute: Float64Array.from(compute),
})

describe('trailingProfit', () => {
  it('is (income − compute) per day less the stake cost, per host', () => {
    const from = snap(SECONDS_PER_DAY, [10, 0], [4, 0])
    const to = snap(3 * SECONDS_PER_DAY, [30, 5], [8, 1])
    // Host 0: (20 − 4) over 2 days = 8 a day, less 100 × 0.01.
    expect(trailingProfit(from, to, 0, 100, 0.01)).toBeCloseTo(7, 12)
    // Host 1: (5 − 1) ÷ 2 = 2 a day, no stake cost.
    expect(trailingProfit(from, to, 1, 100, 0)).toBeCloseTo(2, 12)
  })

  it('is 0 over an empty window', () => {
    const s = snap(60, [1], [0])
    expect(trailingProfit(s, s, 0, 100, 0.01)).toBe(0)
  })
})
