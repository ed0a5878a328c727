import { describe, expect, it } from 'vitest'
import { majorityOf } from './majorityOf.ts'

const eq = (a: number, b: number) => Math.abs(a - b) <= 0.01

describe('majorityOf', () => {
  it('marks the strict majority within tolerance', () => {
    expect(majorityOf([1, 1.005, 2], eq)).toEqual([true, true, false])
    expect(majorityOf([5, 5, 5], eq)).toEqual([true, true, true])
  })
  it('gives nobody the win on a tie or when all disagree', () => {
    expect(majorityOf([1, 1, 2, 2], eq)).toEqual([false, false, false, false])
    expect(majorityOf([1, 2, 3], eq)).toEqual([false, false, false])
    expect(majorityOf([1, 2], eq)).toEqual([false, false])
  })
})
