import { describe, expect, it } from 'vitest'
import { summarizeRate } from './summarizeRate.ts'

describe('summarizeRate', () => {
  it('gives the Wilson interval of the pooled counts when replicates agree', () => {
    // 0 of 10 pooled: Wilson [0, 0.2775] (Newcombe 1998, table I); the replicates add no spread.
    const none = summarizeRate([
      [0, 5],
      [0, 5],
    ])
    expect(none.mean).toBe(0)
    expect(none.ci95?.[0]).toBe(0)
    expect(none.ci95?.[1]).toBeCloseTo(0.2775, 4)
    // 10 of 20 in four equal replicates: Wilson [0.2993, 0.7007] is wider than their spread.
    const half = summarizeRate([
      [3, 5],
      [2, 5],
      [2, 5],
      [3, 5],
    ])
    expect(half.mean).toBe(0.5)
    expect(half.ci95?.[0]).toBeCloseTo(0.2993, 4)
    expect(half.ci95?.[1]).toBeCloseTo(0.7007, 4)
  })

  it('never claims certainty from no events, and never leaves [0, 1]', () => {
    const zero = summarizeRate([
      [0, 700],
      [0, 700],
      [0, 700],
    ])
    expect(zero.ci95?.[0]).toBe(0)
    // z² / (n + z²) for n = 2,100: about 1.8 per thousand, not 0.
    expect(zero.ci95?.[1]).toBeCloseTo(3.8415 / (2100 + 3.8415), 6)
    const all = summarizeRate([
      [40, 40],
      [55, 55],
      [38, 38],
    ])
    expect(all.mean).toBe(1)
    expect(all.ci95?.[1]).toBe(1)
    expect(all.ci95?.[0]).toBeLessThan(1)
    // Student t over these three rates (0, 0, 0.03) would reach −0.04.
    const rare = summarizeRate([
      [0, 100],
      [0, 100],
      [3, 100],
    ])
    expect(rare.mean).toBe(0.01)
    expect(rare.ci95?.[0]).toBe(0)
    expect(rare.ci95?.[1]).toBeGreaterThan(0.03)
  })

  it('widens to the replicates spread when they differ by more than binomial noise', () => {
    const e = summarizeRate([
      [100, 1000],
      [300, 1000],
      [200, 1000],
    ])
    expect(e.mean).toBeCloseTo(0.2, 12)
    // Wilson alone on 600 of 3,000 would be about ±0.014; t(2) × 0.0577 is ±0.248.
    expect(e.ci95?.[0]).toBe(0)
    expect(e.ci95?.[1]).toBeCloseTo(0.2 + 4.3027 * Math.sqrt(0.02 / 6), 3)
  })

  it('has no interval for one replicate and no estimate when a replicate has no trials', () => {
    expect(summarizeRate([[1, 4]])).toEqual({ mean: 0.25, ci95: null, n: 1 })
    expect(
      summarizeRate([
        [1, 4],
        [0, 0],
      ]),
    ).toEqual({ mean: null, ci95: null, n: 2 })
  })
})
