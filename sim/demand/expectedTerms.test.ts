import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { percentile } from '../percentile.ts'
import { createExperience } from './createExperience.ts'
import { expectedTerms } from './expectedTerms.ts'
import { observe } from './observe.ts'
import type { Experience } from './types.ts'

const HOUR = 3600
/** One bin's width as a factor: a p95 read from the bins is within it of the exact one. */
const BIN = 10 ** (1 / 20)
const noPrior = { p95Latency: 0, failedShare: 0, fraudLoss: 0, weight: 0 }

describe('expectedTerms', () => {
  it('reads the p95 latency from the bins within one bin of the nearest-rank p95', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.002, max: 5e5, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (latencies) => {
          let memory = createExperience(Number.POSITIVE_INFINITY, { prior: noPrior })
          for (const latency of latencies) memory = observe(memory, 0, { latency, failed: false, fraud: 0 })
          const exact = percentile(latencies, 0.95) as number
          const read = expectedTerms(memory, 0).p95Latency
          expect(read).toBeGreaterThanOrEqual(exact / BIN ** 1.01)
          expect(read).toBeLessThanOrEqual(exact * BIN ** 1.01)
        },
      ),
    )
  })

  it('places the prior as a point mass: one fast request does not hide a slow advertised p95', () => {
    const prior = { p95Latency: 8, failedShare: 0, fraudLoss: 0, weight: 1 }
    const memory = observe(createExperience(HOUR, { prior }), 0, { latency: 1, failed: false, fraud: 0 })
    expect(expectedTerms(memory, 0).p95Latency).toBe(8)
  })

  it('lets a latency spike pass: after a few half-lives of fast requests the p95 is fast again', () => {
    let memory = createExperience(HOUR, { prior: noPrior })
    let t = 0
    for (; t < 10 * HOUR; t += 60) memory = observe(memory, t, { latency: 1, failed: false, fraud: 0 })
    for (let i = 0; i < 20; i++) memory = observe(memory, t, { latency: 30, failed: true, fraud: 0 })
    expect(expectedTerms(memory, t).p95Latency).toBeGreaterThan(25)
    expect(expectedTerms(memory, t).failedShare).toBeGreaterThan(0.15)
    const burst = t
    for (t += 60; t < burst + 5 * HOUR; t += 60)
      memory = observe(memory, t, { latency: 1, failed: false, fraud: 0 })
    expect(expectedTerms(memory, t).p95Latency).toBeLessThan(1.2)
    expect(expectedTerms(memory, t).failedShare).toBeLessThan(0.01)
  })

  describe('a fraud burst', () => {
    const loss = 0.01
    const burstAt = 10 * HOUR
    /** One clean request a minute, 20 frauds at burstAt, then clean requests a minute until `until` if `keepUsing`. */
    function history(until: number, keepUsing: boolean): { memory: Experience; times: number[] } {
      let memory = createExperience(HOUR)
      const times: number[] = []
      const clean = (t: number) => {
        memory = observe(memory, t, { latency: 1, failed: false, fraud: 0 })
        times.push(t)
      }
      for (let t = 0; t < burstAt; t += 60) clean(t)
      for (let i = 0; i < 20; i++) {
        memory = observe(memory, burstAt, { latency: 1, failed: false, fraud: loss })
        times.push(burstAt)
      }
      if (keepUsing) for (let t = burstAt + 60; t <= until; t += 60) clean(t)
      return { memory, times }
    }
    /** The pooled closed form: 20·loss·2^(−age/h) ÷ (Σ_i 2^(−(t − t_i)/h) + w0), with w0 = 1 at prior loss 0. */
    function closedForm(times: number[], t: number): number {
      const weight = times.reduce((sum, ti) => sum + 2 ** (-(t - ti) / HOUR), 0)
      return (20 * loss * 2 ** (-(t - burstAt) / HOUR)) / (weight + 1)
    }

    it('raises the expected fraud loss to the pooled closed form', () => {
      const { memory, times } = history(burstAt, false)
      const peak = expectedTerms(memory, burstAt).fraudLoss
      expect(peak).toBeGreaterThan(0.001)
      expect(peak).toBeCloseTo(closedForm(times, burstAt), 12)
    })

    it('falls back by about half each half-life for a requester that keeps using the provider', () => {
      const peak = expectedTerms(history(burstAt, false).memory, burstAt).fraudLoss
      const ratios: number[] = []
      for (const halfLives of [1, 2, 5]) {
        const t = burstAt + halfLives * HOUR
        const { memory, times } = history(t, true)
        const now = expectedTerms(memory, t).fraudLoss
        expect(now).toBeCloseTo(closedForm(times, t), 12)
        ratios.push(now / peak)
      }
      // The burst's 20 requests also leave W as they age, so each half-life removes a bit less than half.
      expect(ratios[0]).toBeGreaterThan(0.5)
      expect(ratios[0]).toBeLessThan(0.6)
      expect(ratios[1]).toBeLessThan(0.32)
      expect(ratios[2]).toBeLessThan(0.05)
    })

    it('returns to the prior for a requester that left, once its evidence weighs less than the prior', () => {
      const { memory, times } = history(burstAt, false)
      const peak = expectedTerms(memory, burstAt).fraudLoss
      for (const halfLives of [1, 3, 10]) {
        const t = burstAt + halfLives * HOUR
        expect(expectedTerms(memory, t).fraudLoss).toBeCloseTo(closedForm(times, t), 12)
      }
      expect(expectedTerms(memory, burstAt + HOUR).fraudLoss).toBeGreaterThan(0.95 * peak)
      expect(expectedTerms(memory, burstAt + 20 * HOUR).fraudLoss).toBeLessThan(0.01 * peak)
    })
  })
})
