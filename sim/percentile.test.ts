import { describe, expect, it } from 'vitest'
import { percentile } from './percentile.ts'

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const v = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10]
    expect(percentile(v, 0.5)).toBe(5)
    expect(percentile(v, 0.95)).toBe(10)
    expect(percentile(v, 0)).toBe(1)
  })
  it('is null for no values', () => {
    expect(percentile([], 0.5)).toBeNull()
  })
})
