import { describe, expect, it } from 'vitest'
import { createExperience } from './createExperience.ts'
import { expectedTerms } from './expectedTerms.ts'
import { publicSignal } from './publicSignal.ts'

describe('publicSignal', () => {
  it('raises expected fraud loss by its reading per event, halving each half-life', () => {
    const signals = { slashLoss: 0.001, incidentLoss: 0.01 }
    const memory = publicSignal(createExperience(3600, { signals }), 7200, { slashes: 2, incidents: 1 })
    expect(expectedTerms(memory, 7200).fraudLoss).toBeCloseTo(2 * 0.001 + 0.01, 15)
    expect(expectedTerms(memory, 7200 + 3600).fraudLoss).toBeCloseTo((2 * 0.001 + 0.01) / 2, 15)
    expect(expectedTerms(memory, 7200 + 10 * 3600).fraudLoss).toBeCloseTo((2 * 0.001 + 0.01) / 1024, 15)
  })

  it('changes nothing for a requester that ignores public signals, and refuses negative counts', () => {
    const memory = publicSignal(createExperience(3600), 0, { slashes: 10, incidents: 10 })
    expect(expectedTerms(memory, 0).fraudLoss).toBe(0)
    expect(() => publicSignal(memory, 0, { slashes: -1, incidents: 0 })).toThrow(/slashes .* got -1/)
  })
})
