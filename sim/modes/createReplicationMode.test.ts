import { describe, expect, it } from 'vitest'
import { eventsOf, feesFor, finalResults, simulate } from '../fixtures/simulate.ts'

// Replication end to end through runSimulation (fake inference, in-process ledger).
describe('replication', () => {
  it('runs every job on k hosts and slashes the minority, never an honest host', async () => {
    const { spec, result, trace, spent } = await simulate({
      'protocol.mode': 'replication',
      'hosts.behaviours': { honest: 5 / 6, lazy: 1 / 6 },
    })
    const c = result.counts
    expect(c.results).toBe(3 * c.jobs)
    expect(c.bad_results).toBeGreaterThan(10)
    expect(c.detected).toBe(c.bad_results)
    expect(c.false_slashes).toBe(0)
    const votes = eventsOf(trace, 'vote')
    expect(votes.length).toBe(c.jobs)
    expect(votes.every((v) => v.consensus)).toBe(true)
    expect(votes.reduce((n, v) => n + v.slashed, 0)).toBe(c.detected)
    expect(eventsOf(trace, 'slash').every((s) => s.cause === 'vote' && !s.honest)).toBe(true)
    // The slashed replica's fee goes back; the majority's are paid.
    expect(spent.reduce((a, b) => a + b)).toBe(feesFor(spec, finalResults(result)))
    expect(finalResults(result)).toBe(c.honest_results)
  })

  it('slashes nobody and refunds every fee without a strict majority', async () => {
    const { spec, result, trace, spent } = await simulate({ 'protocol.mode': 'replication', 'protocol.k': 2 })
    const c = result.counts
    const ties = eventsOf(trace, 'vote').filter((v) => !v.consensus)
    expect(ties.length).toBeGreaterThan(0)
    expect(c.refunded_results).toBe(2 * ties.length)
    expect(c.false_slashes).toBe(0)
    expect(c.detected).toBe(0)
    expect(spent.reduce((a, b) => a + b)).toBe(feesFor(spec, finalResults(result)))
    expect(finalResults(result)).toBe(c.results - c.refunded_results)
  })

  it('never lets two noise cheaters outvote an honest host (each draws its own noise); identical cheats do', async () => {
    const noise = await simulate({ 'protocol.mode': 'replication', 'hosts.variant': 'noise' })
    expect(noise.result.counts.bad_results).toBeGreaterThan(noise.result.counts.jobs / 2)
    expect(noise.result.counts.false_slashes).toBe(0)
    expect(noise.result.counts.refunded_results).toBeGreaterThan(0)
    // Two hosts skipping the same layers agree with each other: the majority rule sees values, not honesty.
    const skip = await simulate({ 'protocol.mode': 'replication', 'hosts.variant': 'skip' })
    expect(skip.result.counts.false_slashes).toBeGreaterThan(0)
    expect(skip.result.counts.undetected).toBeGreaterThan(0)
  })

  it('leaves requests unserved once slashing leaves fewer than k hosts with the minimum stake', async () => {
    const { result, trace } = await simulate({
      'protocol.mode': 'replication',
      'hosts.count': 3,
      'hosts.behaviours': { honest: 2 / 3, lazy: 1 / 3 },
      'protocol.minStake': 95,
      'protocol.slashFraction': 0.1,
    })
    const c = result.counts
    expect(c.detected).toBeGreaterThan(0)
    expect(c.false_slashes).toBe(0)
    expect(c.unserved_jobs).toBeGreaterThan(0)
    for (const u of eventsOf(trace, 'unserved')) expect(u).toMatchObject({ hosts: 2, needed: 3 })
    const firstSlash = Math.min(...eventsOf(trace, 'slash').map((s) => s.t))
    expect(eventsOf(trace, 'job').filter((j) => j.t > firstSlash)).toEqual([])
  })
})
