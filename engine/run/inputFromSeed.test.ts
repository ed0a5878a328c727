import { describe, expect, it } from 'vitest'
import { inputFromSeed } from './inputFromSeed.ts'

describe('inputFromSeed', () => {
  it('is deterministic and differs across seeds', () => {
    expect(inputFromSeed(5, 100)).toEqual(inputFromSeed(5, 100))
    expect(inputFromSeed(5, 100)).not.toEqual(inputFromSeed(6, 100))
  })

  it('stays in [-1, 1) and covers the range', () => {
    const values = inputFromSeed(1, 10_000)
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1)
    expect(Math.max(...values)).toBeLessThan(1)
    expect(Math.min(...values)).toBeLessThan(-0.99)
    expect(Math.max(...values)).toBeGreaterThan(0.99)
  })
})
