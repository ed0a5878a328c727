import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { repeatShare } from './repeatShare.ts'

describe('repeatShare', () => {
  it('counts the volume of requesters active in at least k periods', () => {
    const volumes = [
      [10, 0, 0, 0], // one period
      [5, 5, 0, 0], // two
      [1, 1, 1, 1], // four
    ]
    expect(repeatShare(volumes, 1)).toBe(1)
    expect(repeatShare(volumes, 2)).toBe(14 / 24)
    expect(repeatShare(volumes, 3)).toBe(4 / 24)
    expect(repeatShare(volumes, 5)).toBe(0)
  })

  it('lies in [0, 1] and never rises with k', () => {
    const table = fc.array(fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 8 }), { maxLength: 20 })
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 8 }), (volumes, k) => {
        const now = repeatShare(volumes, k)
        const next = repeatShare(volumes, k + 1)
        if (now === null) {
          expect(next).toBeNull()
          return
        }
        expect(now).toBeGreaterThanOrEqual(0)
        expect(now).toBeLessThanOrEqual(1)
        expect(next as number).toBeLessThanOrEqual(now)
      }),
    )
  })

  it('is null without volume and refuses k below 1', () => {
    expect(repeatShare([], 1)).toBeNull()
    expect(repeatShare([[0, 0]], 1)).toBeNull()
    expect(() => repeatShare([[1]], 0)).toThrow(/integer >= 1 periods, got 0/)
  })
})
