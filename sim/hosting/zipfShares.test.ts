import { describe, expect, it } from 'vitest'
import { zipfShares } from './zipfShares.ts'

describe('zipfShares', () => {
  it('gives rank i a share proportional to 1 / i^s, adding up to 1', () => {
    const shares = zipfShares(3, 1)
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect((shares[0] as number) / (shares[2] as number)).toBeCloseTo(3, 12)
    expect(zipfShares(4, 0)).toEqual([0.25, 0.25, 0.25, 0.25])
  })
})
