import { describe, expect, it } from 'vitest'
import { eventsOf, feesFor, simulate } from './fixtures/simulate.ts'

// The run loop end to end, with the fake inference port and the in-process ledger.
describe('runSimulation', () => {
  it('none: every bad result reaches finality unchecked, and requesters pay for every result', async () => {
    const { spec, result, spent } = await simulate({ 'protocol.mode': 'none' })
    const c = result.counts
    expect(c.jobs).toBeGreaterThan(50)
    expect(c.bad_results).toBeGreaterThan(0)
    expect(c.results).toBe(c.jobs)
    expect(c.checks).toBe(0)
    expect(c.undetected).toBe(c.bad_results)
    expect(result.metrics.undetected_fraud_rate).toBe(c.bad_results / c.results)
    expect(result.metrics.verification_overhead).toBe(0)
    expect(spent.reduce((a, b) => a + b)).toBe(feesFor(spec, c.results))
  })

  it('gives the same run for the same spec and seed, and another for another seed', async () => {
    const a = await simulate()
    const b = await simulate()
    const other = await simulate({ seed: 4 })
    expect(b.result).toEqual(a.result)
    expect(b.trace).toEqual(a.trace)
    expect(other.trace).not.toEqual(a.trace)
  })

  it('stops sending jobs to a host slashed below the minimum stake, and leaves requests unserved when none is left', async () => {
    const { result, trace } = await simulate({
      'hosts.count': 2,
      'hosts.behaviours': { lazy: 1 },
      'protocol.minStake': 60,
      'protocol.slashFraction': 0.5,
    })
    const slashes = eventsOf(trace, 'slash')
    expect(new Set(slashes.map((s) => s.host))).toEqual(new Set([0, 1]))
    for (const host of [0, 1]) {
      const firstSlash = Math.min(...slashes.filter((s) => s.host === host).map((s) => s.t))
      expect(eventsOf(trace, 'job').filter((j) => j.host === host && j.t > firstSlash)).toEqual([])
    }
    const unserved = eventsOf(trace, 'unserved')
    expect(result.counts.unserved_jobs).toBe(unserved.length)
    expect(unserved.length).toBeGreaterThan(0)
    for (const u of unserved) expect(u).toMatchObject({ hosts: 0, needed: 1 })
  })

  it('compares the k fees a replicated job costs with the centralized price, not one fee', async () => {
    // One fee (0.01) is below the baseline's 0.02; three are not. Latency and fraud weigh nothing.
    const choice = {
      'requesters.choice': true,
      'requesters.latencyValue': 0,
      'requesters.fraudLoss': 0,
      'economics.centralizedPrice': 0.02,
    }
    const single = await simulate({ ...choice, 'protocol.mode': 'sampling' })
    const replicated = await simulate({ ...choice, 'protocol.mode': 'replication', 'protocol.k': 3 })
    expect(single.result.metrics.adoption_share).toBe(1)
    expect(replicated.result.metrics.adoption_share).toBe(0)
    expect(replicated.result.counts.centralized_jobs).toBeGreaterThan(0)
  })

  it('sends requests to the network only when it costs less than the centralized baseline', async () => {
    const cheap = await simulate({ 'requesters.choice': true, 'economics.centralizedPrice': 1 })
    const dear = await simulate({ 'requesters.choice': true, 'economics.centralizedPrice': 0.001 })
    expect(cheap.result.metrics.adoption_share).toBe(1)
    expect(dear.result.metrics.adoption_share).toBe(0)
    expect(dear.result.counts.jobs).toBe(0)
    expect(dear.result.counts.centralized_jobs).toBeGreaterThan(0)
  })

  it('lets adaptive hosts cheat more while nobody catches them', async () => {
    const { result, trace } = await simulate({
      'protocol.mode': 'none',
      'hosts.behaviours': { honest: 0.5, adaptive: 0.5 },
      'hosts.adaptive': { initialRate: 0.1, step: 0.1 },
    })
    const jobs = eventsOf(trace, 'job')
    const half = Math.floor(jobs.length / 2)
    const cheats = (list: typeof jobs) => list.filter((e) => e.variant !== 'honest').length
    expect(cheats(jobs.slice(half))).toBeGreaterThan(cheats(jobs.slice(0, half)))
    expect(result.counts.detected).toBe(0)
  })

  it('cuts an adaptive host’s cheat rate by hosts.adaptive.detectionCut steps per detection', async () => {
    const cheatsWith = async (detectionCut?: number) => {
      const { result } = await simulate({
        duration: 300,
        'hosts.behaviours': { honest: 0.5, adaptive: 0.5 },
        'hosts.adaptive': {
          initialRate: 0.1,
          step: 0.1,
          ...(detectionCut === undefined ? {} : { detectionCut }),
        },
      })
      expect(result.counts.detected).toBe(result.counts.bad_results)
      return result.counts.bad_results
    }
    // p = 1 catches every cheat: with no cut the rate still climbs in blocks without one.
    const [none, one, byDefault] = [await cheatsWith(0), await cheatsWith(1), await cheatsWith()]
    expect(none).toBeGreaterThan(one)
    expect(one).toBeGreaterThan(byDefault)
    expect(byDefault).toBe(await cheatsWith(5))
  })

  it('sizes escrows by requesters.escrow: a thinner first deposit costs top-up deposits, paid as protocol gas', async () => {
    const byDefault = await simulate()
    const thin = { margin: 0.05, extraJobs: 0 }
    const tight = await simulate({ 'requesters.escrow': thin })
    const everyBlock = await simulate({ 'requesters.escrow': { ...thin, topUp: 1 } })
    const tenfold = await simulate({ 'requesters.escrow': { ...thin, topUp: 10 } })
    // The default first deposit covers every fee; set-up deposits are not counted.
    expect(byDefault.result.gasByCall.deposit).toBeUndefined()
    const deposits = (s: typeof tight) => s.result.gasByCall.deposit?.calls ?? 0
    expect(deposits(tight)).toBeGreaterThan(0)
    expect(deposits(everyBlock)).toBeGreaterThan(deposits(tight))
    expect(deposits(tenfold)).toBeLessThan(deposits(tight))
    expect(tight.result.metrics.cost_per_verified_inference as number).toBeGreaterThan(
      byDefault.result.metrics.cost_per_verified_inference as number,
    )
    // Only when and how much requesters deposit changes: the jobs and the fees they pay do not.
    for (const other of [tight, everyBlock, tenfold]) {
      expect(other.result.counts).toEqual(byDefault.result.counts)
      expect(other.spent).toEqual(byDefault.spent)
    }
  })
})
