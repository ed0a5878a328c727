import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { createRngStreams } from '../rngStreams.ts'
import { bassAdopters } from './bassAdopters.ts'
import { drawBassArrivals } from './drawBassArrivals.ts'

const DAY = 86_400
const MONTH = 30 * DAY
const p = 0.03 / MONTH
const q = 0.38 / MONTH
const m = 1000

const streamOf = (seed: number) => createRngStreams(seed, 0).stream('segment/experimental', 'arrivals')

describe('drawBassArrivals', () => {
  it("gives counts whose mean over seeds is m·(F(to) − F(from)) within four standard errors, and Poisson's variance", () => {
    for (const [from, to] of [
      [0, 30 * DAY],
      [60 * DAY, 90 * DAY],
      [150 * DAY, 180 * DAY],
    ] as const) {
      const expected = bassAdopters(p, q, m, to) - bassAdopters(p, q, m, from)
      const seeds = 400
      const counts = Array.from(
        { length: seeds },
        (_, seed) => drawBassArrivals(streamOf(seed), p, q, m, from, to).length,
      )
      const mean = counts.reduce((a, b) => a + b, 0) / seeds
      const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / (seeds - 1)
      expect(Math.abs(mean - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected / seeds))
      // The sample variance of a Poisson count: within 25% of its mean at 400 seeds (sd ≈ 7%).
      expect(variance / expected).toBeGreaterThan(0.75)
      expect(variance / expected).toBeLessThan(1.25)
    }
  })

  it('places arrivals within the window as the Bass curve does: the share before the midpoint matches', () => {
    const from = 30 * DAY
    const to = 150 * DAY
    const mid = 90 * DAY
    const within = (t: number) => bassAdopters(p, q, m, t) - bassAdopters(p, q, m, from)
    const expected = within(mid) / within(to)
    let before = 0
    let all = 0
    for (let seed = 0; seed < 200; seed++)
      for (const t of drawBassArrivals(streamOf(seed), p, q, m, from, to)) {
        all++
        if (t < mid) before++
      }
    const share = before / all
    expect(Math.abs(share - expected)).toBeLessThanOrEqual(4 * Math.sqrt((expected * (1 - expected)) / all))
  })

  it('gives whole seconds, sorted, inside [from, to), and the same list for the same stream', () => {
    const times = drawBassArrivals(streamOf(7), p, q, 20_000, 10 * DAY, 11 * DAY)
    expect(times.length).toBeGreaterThan(0)
    for (const [i, t] of times.entries()) {
      expect(Number.isInteger(t)).toBe(true)
      expect(t).toBeGreaterThanOrEqual(10 * DAY)
      expect(t).toBeLessThan(11 * DAY)
      if (i > 0) expect(t).toBeGreaterThanOrEqual(times[i - 1] as number)
    }
    expect(drawBassArrivals(streamOf(7), p, q, 20_000, 10 * DAY, 11 * DAY)).toEqual(times)
    expect(drawBassArrivals(streamOf(8), p, q, 20_000, 10 * DAY, 11 * DAY)).not.toEqual(times)
  })

  it('gives nothing in an empty window and refuses a window that is not whole seconds', () => {
    expect(drawBassArrivals(streamOf(1), p, q, m, 5, 5)).toEqual([])
    expect(() => drawBassArrivals(streamOf(1), p, q, m, 0.5, 10)).toThrow(InputError)
    expect(() => drawBassArrivals(streamOf(1), p, q, m, 10, 5)).toThrow(/\[10, 5\)/)
    expect(() => drawBassArrivals(streamOf(1), p, -1, m, 0, 5)).toThrow(/imitation q/)
  })
})
