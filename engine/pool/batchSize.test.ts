import { describe, expect, it } from 'vitest'
import { batchSize, MAX_BATCH } from './batchSize.ts'

describe('batchSize', () => {
  it('keeps small-model tasks full', () => {
    expect(batchSize(7e4)).toBe(MAX_BATCH)
    expect(batchSize(1)).toBe(MAX_BATCH)
  })

  it('carries just enough work per task for mid-size models', () => {
    expect(batchSize(1e6)).toBe(MAX_BATCH)
    expect(batchSize(1.4e7)).toBe(8)
  })

  it('sends a large model one job per task', () => {
    expect(batchSize(9e8)).toBe(1)
    expect(batchSize(1e12)).toBe(1)
  })
})
