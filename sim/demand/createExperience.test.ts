import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { createExperience } from './createExperience.ts'
import { expectedTerms } from './expectedTerms.ts'

describe('createExperience', () => {
  it('starts empty, so the requester expects the prior, at any later time', () => {
    const prior = { p95Latency: 3, failedShare: 0.01, fraudLoss: 0.0001, weight: 5 }
    const memory = createExperience(3600, { prior, at: 100 })
    expect(memory).toMatchObject({ halfLife: 3600, at: 100, requests: 0, failed: 0, frauds: 0 })
    expect(expectedTerms(memory, 100)).toEqual({
      p95Latency: 3,
      failedShare: 0.01,
      fraudLoss: 0.0001,
      requests: 0,
    })
    expect(expectedTerms(memory, 1e6)).toEqual({
      p95Latency: 3,
      failedShare: 0.01,
      fraudLoss: 0.0001,
      requests: 0,
    })
  })

  it('refuses a half-life that is not positive and a prior or signal reading that is negative', () => {
    expect(() => createExperience(0)).toThrow(InputError)
    expect(() => createExperience(-5)).toThrow(/half-life must be > 0 seconds, got -5/)
    expect(() =>
      createExperience(10, { prior: { p95Latency: 1, failedShare: 2, fraudLoss: 0, weight: 1 } }),
    ).toThrow(/failedShare must lie in \[0, 1\], got 2/)
    expect(() => createExperience(10, { signals: { slashLoss: -1, incidentLoss: 0 } })).toThrow(/slashLoss/)
    expect(createExperience(Number.POSITIVE_INFINITY).halfLife).toBe(Number.POSITIVE_INFINITY)
  })
})
