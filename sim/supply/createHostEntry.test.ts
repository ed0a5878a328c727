import { describe, expect, it } from 'vitest'
import { eventsOf, simulate, specOf } from '../fixtures/simulate.ts'
import type { HostEntry, RunSpec } from '../runSpec.ts'

const ENTRY: HostEntry = {
  max: 6,
  window: 120,
  every: 30,
  stakeCostPerDay: 0,
  enterAbove: 1e12,
  exitBelow: -1e12,
}

function withEntry(spec: RunSpec, entry: Partial<HostEntry>): RunSpec {
  return { ...spec, hosts: { ...spec.hosts, entry: { ...ENTRY, ...entry } } }
}

describe('runSimulation with hosts.entry', () => {
  it('makes hosts whose fees do not cover their compute exit, after their last results commit', async () => {
    const base = specOf({ duration: 400, 'hosts.behaviours': { honest: 1 } })
    // About 5,000 FLOPs a job at 1e-3 tokens per FLOP: several tokens of compute for a 0.01 fee.
    const spec = withEntry({ ...base, economics: { ...base.economics, costPerFlop: 1e-3 } }, { exitBelow: 0 })
    const { trace, result } = await simulate({}, { spec })
    const exits = eventsOf(trace, 'host_exit')
    expect(exits.map((e) => e.host).sort()).toEqual([0, 1, 2, 3, 4, 5])
    for (const exit of exits) {
      // Judged only after a whole window, at a check, on a loss, for its whole bond.
      expect(exit.decidedAt).toBeGreaterThanOrEqual(ENTRY.window)
      expect(exit.decidedAt % ENTRY.every).toBe(0)
      expect(exit.profit).toBeLessThan(0)
      expect(exit.amount).toBe(spec.hosts.stake)
      expect(exit.availableAt).toBe(exit.t + spec.protocol.unbondingDelay)
      const jobs = eventsOf(trace, 'job').filter((j) => j.host === exit.host)
      const commits = eventsOf(trace, 'commit').filter((c) => c.host === exit.host)
      expect(jobs.length).toBeGreaterThan(0)
      for (const job of jobs) expect(job.t).toBeLessThan(exit.decidedAt)
      for (const commit of commits) expect(commit.t).toBeLessThan(exit.t)
      expect(commits.reduce((n, c) => n + c.jobs, 0)).toBe(jobs.length)
    }
    // Work in flight at the decision still committed and settled; later requests found no host.
    expect(result.counts.results).toBe(result.counts.jobs)
    expect(result.counts.dropped_jobs).toBe(0)
    expect(result.counts.unserved_jobs).toBeGreaterThan(0)
    expect(result.gasByCall.requestUnstake?.calls).toBe(6)
  })

  it('keeps profitable hosts, and lets reserve hosts in one per check, lowest index first', async () => {
    const base = specOf({ duration: 400, 'hosts.count': 3, 'requesters.fee': 1 })
    const spec = withEntry(base, { enterAbove: 100 })
    const { trace, result } = await simulate({}, { spec })
    const enters = eventsOf(trace, 'host_enter')
    expect(enters.map((e) => e.host)).toEqual([3, 4, 5])
    expect(enters.map((e) => e.t)).toEqual([120, 150, 180])
    for (const e of enters) {
      expect(e.profit).toBeGreaterThan(100)
      expect(e.stake).toBe(spec.hosts.stake)
      const jobs = eventsOf(trace, 'job').filter((j) => j.host === e.host)
      // A reserve host takes no job before it stakes, and jobs once it has.
      expect(jobs.length).toBeGreaterThan(0)
      for (const job of jobs) expect(job.t).toBeGreaterThanOrEqual(e.t)
    }
    expect(eventsOf(trace, 'host_exit')).toEqual([])
    // One stake per entrant after set-up (gasByCall leaves the set-up block out).
    expect(result.gasByCall.stake?.calls).toBe(3)
  })

  it('leaves the reserve unstaked and idle while the profit is below enterAbove', async () => {
    const base = specOf({ duration: 200, 'hosts.count': 3 })
    const { trace, result } = await simulate({}, { spec: withEntry(base, {}) })
    expect(eventsOf(trace, 'host_enter')).toEqual([])
    expect(new Set(eventsOf(trace, 'job').map((j) => j.host))).toEqual(new Set([0, 1, 2]))
    expect(result.gasByCall.stake).toBeUndefined()
    // Never-entered reserve hosts hold no stake and do not count in the returns.
    expect(result.metrics.honest_return).not.toBeNull()
  })

  it('lets a host back in after every host left, once scheduled emissions alone would pay it', async () => {
    const base = specOf({ duration: 400, 'hosts.behaviours': { honest: 1 } })
    // Fees far below compute: every host exits at the first judgement (t = 120), and their mean
    // profit is a loss. Emissions of 720 tokens a day (1 per 120 s window) are far less than that
    // loss, but once nobody computes they alone make an entrant's share positive.
    const spec = withEntry(
      {
        ...base,
        economics: {
          ...base.economics,
          costPerFlop: 1e-3,
          emissions: { kind: 'constant', perDay: 720, every: 60 },
        },
      },
      { max: 8, exitBelow: 0, enterAbove: 0 },
    )
    const { trace } = await simulate({}, { spec })
    const exits = eventsOf(trace, 'host_exit')
    const enters = eventsOf(trace, 'host_enter')
    const firstExit = Math.min(...exits.map((e) => e.decidedAt))
    expect(
      exits
        .filter((e) => e.decidedAt === firstExit)
        .map((e) => e.host)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4, 5])
    expect(enters.length).toBeGreaterThan(0)
    for (const e of enters) expect(e.t).toBeGreaterThan(firstExit)
  })
})
