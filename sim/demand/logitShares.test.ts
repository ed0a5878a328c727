import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { logitShares } from './logitShares.ts'

const utilities = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 })

describe('logitShares', () => {
  it('gives e^u / Σ e^u for moderate utilities', () => {
    const u = [0.5, -1, 2]
    const z = u.reduce((sum, x) => sum + Math.exp(x), 0)
    const shares = logitShares(u)
    u.forEach((x, i) => {
      expect(shares[i]).toBeCloseTo(Math.exp(x) / z, 14)
    })
  })

  it('gives finite shares that sum to 1 for utilities of any size, unchanged by adding a constant', () => {
    fc.assert(
      fc.property(utilities, fc.double({ min: -1e3, max: 1e3, noNaN: true }), (u, shift) => {
        const shares = logitShares(u)
        expect(shares.every((s) => Number.isFinite(s) && s >= 0 && s <= 1)).toBe(true)
        expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
        const shifted = logitShares(u.map((x) => x + shift))
        // Adding a constant leaves shares as they are, up to the rounding of u + shift.
        shares.forEach((s, i) => {
          expect(Math.abs((shifted[i] as number) - s)).toBeLessThan(
            1e-9 * Math.max(1, Math.abs(u[i] as number)),
          )
        })
      }),
    )
    expect(logitShares([1000, 1001])[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 14)
  })

  it('gives a provider in outage (−Infinity) share 0, and every provider 0 when all are out', () => {
    expect(logitShares([0, Number.NEGATIVE_INFINITY, 0])).toEqual([0.5, 0, 0.5])
    expect(logitShares([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).toEqual([0, 0])
    expect(logitShares([])).toEqual([])
  })

  it('refuses NaN and +Infinity, which have no share', () => {
    expect(() => logitShares([0, Number.NaN])).toThrow(/got NaN/)
    expect(() => logitShares([Number.POSITIVE_INFINITY])).toThrow(/got Infinity/)
  })
})
