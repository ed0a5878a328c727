import { describe, expect, it } from 'vitest'
import { specOf } from '../fixtures/simulate.ts'
import { equilibriumOf } from './equilibriumOf.ts'

const costs = { honest: 0.04, cheat: 0.03 }

describe('equilibriumOf', () => {
  it('maps a sampling spec to the inspection game: q* = g ÷ (f + P), p* = c ÷ R, the check as q* ÷ p', () => {
    // fee 0.01, slash 100 × 0.01 = 1, challenger half of it.
    const spec = specOf({ 'protocol.p': 0.5, 'protocol.challengerShare': 0.5 })
    const found = equilibriumOf(spec, costs)
    if (!found.equilibrium) throw new Error(found.reason ?? '')
    const q = 0.01 / (0.01 + 1)
    expect(found.threshold).toBeCloseTo(q, 12)
    expect(found.equilibrium.check).toBeCloseTo(q / 0.5, 12)
    expect(found.equilibrium.cheat).toBeCloseTo(0.04 / 0.5, 12)
  })

  it('counts a cheat gain in the saving and forced errors against the check cost', () => {
    const spec = specOf({
      'protocol.challengerShare': 0.5,
      'protocol.forcedErrors': { rate: 0.5, jackpot: 0.02 },
    })
    const found = equilibriumOf({ ...spec, hosts: { ...spec.hosts, cheatGain: 2 } }, costs)
    if (!found.terms) throw new Error(found.reason ?? '')
    expect(found.terms.saving).toBeCloseTo(0.01 + 0.02, 12)
    expect(found.terms.penalty).toBeCloseTo(1 + 0.02, 12)
    expect(found.terms.checkCost).toBeCloseTo(0.03, 12)
  })

  it('gives the reason when there is no closed form', () => {
    expect(equilibriumOf(specOf({ 'protocol.mode': 'optimistic' }), costs)).toMatchObject({
      equilibrium: null,
      reason: expect.stringMatching(/sampling, not optimistic/),
    })
    expect(equilibriumOf(specOf({ 'protocol.p': 0.001 }), costs).equilibrium).toBeNull()
    // The host's threshold stands without the verifiers' side of the game.
    expect(equilibriumOf(specOf({ 'protocol.challengerShare': 0.01 }), costs)).toMatchObject({
      threshold: expect.closeTo(0.01 / 1.01, 12),
      equilibrium: null,
      reason: expect.stringMatching(/costs more than catching a cheat pays/),
    })
  })
})
