import { describe, expect, it } from 'vitest'
import { fromUnits, toUnits } from './units.ts'

describe('toUnits / fromUnits', () => {
  it('converts tokens to 18-decimal integers and back', () => {
    expect(toUnits(1)).toBe(10n ** 18n)
    expect(toUnits(0.002)).toBe(2n * 10n ** 15n)
    expect(fromUnits(toUnits(1234.5))).toBe(1234.5)
  })
  it('rejects negative and non-finite amounts', () => {
    expect(() => toUnits(-1)).toThrow(RangeError)
    expect(() => toUnits(Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })
})
