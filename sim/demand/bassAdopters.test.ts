import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { bassAdopters } from './bassAdopters.ts'

const DAY = 86_400
const params = fc.record({
  p: fc.double({ min: 1e-8, max: 1e-5, noNaN: true }),
  q: fc.double({ min: 0, max: 1e-5, noNaN: true }),
  m: fc.double({ min: 1, max: 1e6, noNaN: true }),
})

describe('bassAdopters', () => {
  it('starts at 0, rises monotonically and tends to m', () => {
    fc.assert(
      fc.property(params, fc.double({ min: 0, max: 365 * DAY, noNaN: true }), ({ p, q, m }, t) => {
        expect(bassAdopters(p, q, m, 0)).toBe(0)
        const now = bassAdopters(p, q, m, t)
        expect(now).toBeGreaterThanOrEqual(0)
        expect(now).toBeLessThanOrEqual(m)
        expect(bassAdopters(p, q, m, t + DAY)).toBeGreaterThanOrEqual(now)
        expect(bassAdopters(p, q, m, 1e12 / p)).toBeCloseTo(m, 6)
      }),
    )
  })

  it('solves the Bass equation dN/dt = (p + q·N/m)(m − N)', () => {
    fc.assert(
      fc.property(params, fc.double({ min: 1, max: 300, noNaN: true }), ({ p, q, m }, days) => {
        const t = days * DAY
        const h = Math.min(t / 2, 1e-3 / (p + q))
        const slope = (bassAdopters(p, q, m, t + h) - bassAdopters(p, q, m, t - h)) / (2 * h)
        const n = bassAdopters(p, q, m, t)
        const equation = (p + (q * n) / m) * (m - n)
        // Relative error of the central difference, plus the rounding of two values near m over 2h.
        expect(Math.abs(slope - equation)).toBeLessThanOrEqual(1e-4 * equation + (1e-15 * m) / h)
      }),
    )
  })

  it('is m(1 − e^−pt) without imitation, and reaches F = 1/2 − p/(2q) at its peak ln(q/p)/(p+q)', () => {
    const p = 0.01 / DAY
    expect(bassAdopters(p, 0, 1000, 30 * DAY)).toBeCloseTo(1000 * (1 - Math.exp(-0.3)), 9)
    const q = 0.4 / DAY
    const peak = Math.log(q / p) / (p + q)
    expect(bassAdopters(p, q, 1, peak)).toBeCloseTo(0.5 - p / (2 * q), 12)
  })

  it('keeps its precision early, where N ≈ m·p·t', () => {
    const p = 1e-8
    expect(bassAdopters(p, 1e-7, 1000, 1) / (1000 * p)).toBeCloseTo(1, 6)
  })

  it('refuses p ≤ 0, q < 0, m < 1 and t < 0, naming the value', () => {
    expect(() => bassAdopters(0, 0.1, 10, 1)).toThrow(InputError)
    expect(() => bassAdopters(1e-8, -0.1, 10, 1)).toThrow(/imitation q must be .* got -0.1/)
    expect(() => bassAdopters(1e-8, 0, 0, 1)).toThrow(/market size m .* got 0/)
    expect(() => bassAdopters(1e-8, 0, 10, -1)).toThrow(/time must be >= 0 seconds, got -1/)
  })
})
