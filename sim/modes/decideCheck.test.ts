import { describe, expect, it } from 'vitest'
import { eventsOf, finalResults, simulate } from '../fixtures/simulate.ts'

// Verifier behaviours and forced errors, seen through whole sampling runs.
describe('verifier behaviours', () => {
  it('lazy verifiers miss fraud: all of it when they always skip, some when they skip half', async () => {
    const diligent = await simulate()
    const always = await simulate({ 'verifiers.behaviours': { lazy: 1 }, 'verifiers.skipProbability': 1 })
    const half = await simulate({ 'verifiers.behaviours': { lazy: 1 }, 'verifiers.skipProbability': 0.5 })
    expect(diligent.result.metrics.detection_rate).toBe(1)
    expect(always.result.counts.checks).toBe(0)
    expect(always.result.counts.undetected).toBe(always.result.counts.bad_results)
    const rate = half.result.metrics.detection_rate as number
    expect(rate).toBeGreaterThan(0.2)
    expect(rate).toBeLessThan(0.8)
  })

  it('colluding verifiers check but never challenge their coalition', async () => {
    const coalition = [0, 1, 2]
    const { result, trace } = await simulate({
      'verifiers.behaviours': { colluding: 1 },
      'verifiers.coalition': coalition,
    })
    const cheaters = new Set(eventsOf(trace, 'job').flatMap((j) => (j.variant === 'honest' ? [] : [j.host])))
    expect([...cheaters].some((h) => coalition.includes(h))).toBe(true)
    expect([...cheaters].some((h) => !coalition.includes(h))).toBe(true)
    const slashed = new Set(eventsOf(trace, 'slash').map((s) => s.host))
    expect([...slashed].filter((h) => coalition.includes(h))).toEqual([])
    expect(slashed.size).toBeGreaterThan(0)
    expect(result.counts.checks).toBe(result.counts.results)
  })

  it('forced errors pay each checker that catches one its jackpot, and only that changes', async () => {
    const plain = await simulate()
    const forced = await simulate({ 'protocol.forcedErrors': { rate: 0.5, jackpot: 2 } })
    const caught = forced.result.counts.forced_errors_caught
    expect(caught).toBeGreaterThan(0)
    expect(caught).toBeLessThan(forced.result.counts.checks)
    expect(forced.result.modeled.join(' ')).toMatch(/jackpot/)
    expect({ ...forced.result.counts, forced_errors_caught: 0 }).toEqual(plain.result.counts)
    const perResult = (caught * 2) / finalResults(forced.result)
    const extra =
      (forced.result.metrics.cost_per_verified_inference as number) -
      (plain.result.metrics.cost_per_verified_inference as number)
    expect(extra).toBeCloseTo(perResult, 9)
  })

  it('rational verifiers stop checking when a check costs more than it can earn; a jackpot brings them back', async () => {
    // A check costs about 4,000 FLOPs × 1e-4 = 0.4 tokens; a slash pays 0.05 × 100 × 0.01 × 0.5.
    const rational = { 'verifiers.behaviours': { rational: 1 }, 'economics.costPerFlop': 1e-4 }
    const idle = await simulate(rational)
    expect(idle.result.counts.checks).toBe(0)
    expect(idle.result.counts.undetected).toBe(idle.result.counts.bad_results)
    const paid = await simulate({ ...rational, 'protocol.forcedErrors': { rate: 0.5, jackpot: 1 } })
    expect(paid.result.counts.checks).toBeGreaterThan(0)
    expect(paid.result.counts.detected).toBeGreaterThan(0)
  })
})
