import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { revenueOverEmissions } from './revenueOverEmissions.ts'

describe('revenueOverEmissions', () => {
  it('is fees ÷ tokens emitted, null when nothing was emitted', () => {
    expect(revenueOverEmissions(30, 120)).toBe(0.25)
    expect(revenueOverEmissions(0, 5)).toBe(0)
    expect(revenueOverEmissions(12, 0)).toBeNull()
    expect(revenueOverEmissions(0, 0)).toBeNull()
  })

  it('refuses negative or non-finite amounts, naming them', () => {
    expect(() => revenueOverEmissions(-1, 5)).toThrow(InputError)
    expect(() => revenueOverEmissions(1, Number.POSITIVE_INFINITY)).toThrow(/emitted must be .* got Infinity/)
  })
})
