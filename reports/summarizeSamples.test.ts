import { describe, expect, it } from 'vitest'
import { summarizeSamples } from './summarizeSamples.ts'

describe('summarizeSamples', () => {
  it('gives the mean and the Student-t 95% interval', () => {
    const e = summarizeSamples([1, 2, 3, 4, 5])
    expect(e.mean).toBe(3)
    // sd = 1.5811, t(0.975, 4) = 2.7764, half width = 2.7764 × 1.5811 / √5 = 1.9632
    expect(e.ci95?.[0]).toBeCloseTo(3 - 1.9632, 3)
    expect(e.ci95?.[1]).toBeCloseTo(3 + 1.9632, 3)
  })
  it('has no interval for one replicate and no estimate when a replicate is undefined', () => {
    expect(summarizeSamples([0.5])).toEqual({ mean: 0.5, ci95: null, n: 1 })
    expect(summarizeSamples([0.5, null])).toEqual({ mean: null, ci95: null, n: 2 })
  })
  it('gives a zero-width interval for identical replicates', () => {
    expect(summarizeSamples([2, 2, 2]).ci95).toEqual([2, 2])
  })
  it('cuts the interval to the range the metric lives in', () => {
    // Uncut, the mean 1.667 minus t(0.975, 2) × 2.887 / √3 = 7.17 reaches −5.5.
    const gas = summarizeSamples([0, 0, 5], { min: 0, max: Number.POSITIVE_INFINITY })
    expect(summarizeSamples([0, 0, 5]).ci95?.[0]).toBeLessThan(0)
    expect(gas.ci95?.[0]).toBe(0)
    expect(gas.ci95?.[1]).toBe(summarizeSamples([0, 0, 5]).ci95?.[1])
  })
})
