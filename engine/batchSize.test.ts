import { describe, expect, it } from 'vitest'
import { batchSize, MAX_BATCH } from './batchSize.ts'

describe('batchSize', () => {
  it('keeps small-model tasks full instead of splitting them ever smaller', () => {
    // 7e4 FLOPs a job: even 64 returning requests stay one task of 64.
    expect(batchSize(64, 2, 7e4)).toBe(64)
    expect(batchSize(10, 2, 7e4)).toBe(64)
    expect(batchSize(1000, 2, 7e4)).toBe(MAX_BATCH)
  })

  it('spreads large-model jobs evenly over the workers, one by one when few', () => {
    expect(batchSize(2, 2, 9e8)).toBe(1)
    expect(batchSize(10, 2, 9e8)).toBe(5)
    expect(batchSize(1000, 4, 9e8)).toBe(MAX_BATCH)
  })

  it('never gives an empty task', () => {
    expect(batchSize(0, 2, 1)).toBe(64)
    expect(batchSize(1, 8, 1e12)).toBe(1)
  })
})
