import { describe, expect, it } from 'vitest'
import { createRecorder } from './createRecorder.ts'
import { commitAll, hostOf, replicaOf, verifierOf } from './fixtures/replicas.ts'
import { specOf } from './fixtures/simulate.ts'
import type { LedgerEvent } from './ports.ts'
import type { TraceEvent } from './traceEvent.ts'
import { toUnits } from './units.ts'

const setUp = () => {
  const spec = specOf({})
  const hosts = [hostOf(100), hostOf(100, 'lazy')]
  const verifiers = [verifierOf('rational'), verifierOf('colluding'), verifierOf('diligent')]
  const trace: TraceEvent[] = []
  const staked: number[] = []
  const settled: { job: number; outcome: string | null; amount?: bigint }[] = []
  const record = createRecorder({
    spec,
    hosts,
    verifiers,
    honestFlops: 1000,
    trace: (e) => trace.push(e),
    staked: (h) => staked.push(h),
    strategies: {
      settled: (replica, outcome, slash) =>
        settled.push({ job: replica.job.id, outcome, ...(slash ? { amount: slash.amount } : {}) }),
    },
  })
  return { record, hosts, verifiers, trace, staked, settled }
}

const slashOf = (host: number, amount: number): Extract<LedgerEvent, { kind: 'Slashed' }> => ({
  kind: 'Slashed',
  cause: { dispute: 4 },
  host,
  amount: toUnits(amount),
  toChallenger: 0n,
  burned: 0n,
  refunded: 0n,
})

describe('createRecorder', () => {
  it('moves everything a slash of a bad result touches in one call, and refuses a second settlement', () => {
    const { record, hosts, trace, staked, settled } = setUp()
    const bad = replicaOf(5, 1, true, 10)
    commitAll(1, 20, [bad])
    record.slash(slashOf(1, 2), bad, 40)
    expect(bad.stage).toMatchObject({ state: 'settled', outcome: 'slashed' })
    expect(hosts[1]).toMatchObject({ stakeUnits: toUnits(98), slashed: toUnits(2), recentDetections: 1 })
    expect(staked).toEqual([1])
    expect(record.counts).toMatchObject({ results: 1, bad_results: 1, detected: 1, false_slashes: 0 })
    expect(record.tallies).toMatchObject({
      results: 1,
      badResults: 1,
      badSlashed: 1,
      detectionLatencies: [30],
    })
    // The learners hear of the slash with its amount, once.
    expect(settled).toEqual([{ job: 5, outcome: 'slashed', amount: toUnits(2) }])
    expect(trace).toEqual([
      { t: 40, type: 'slash', host: 1, job: 5, amount: 2, honest: false, cause: 'dispute' },
    ])
    expect(() => record.slash(slashOf(1, 2), bad, 50)).toThrow('replica of job 5 settled twice')
    expect(() => record.refund(bad)).toThrow('settled twice')
    expect(record.counts.results).toBe(1)
  })

  it('a bribe costs the shielded host and pays the colluding verifier, once in each book', () => {
    const { record, hosts, verifiers } = setUp()
    const bad = replicaOf(5, 1, true, 10)
    record.bribe(bad, verifiers[1] as (typeof verifiers)[number], 0.25)
    expect(hosts[1]?.bribes).toBe(0.25)
    expect(verifiers[1]?.rewards).toBe(0.25)
    expect(record.tallies.bribes).toBe(0.25)
    expect(bad.bribe).toBe(0.25)
  })

  it('counts a slash of an honest result as a false slash, not a detection', () => {
    const { record } = setUp()
    const honest = replicaOf(5, 0)
    commitAll(1, 20, [honest])
    record.slash(slashOf(0, 1), honest, 40)
    expect(record.counts).toMatchObject({ honest_results: 1, false_slashes: 1, detected: 0 })
    expect(record.tallies).toMatchObject({ honestSlashed: 1, detectionLatencies: [] })
  })

  it('pays a batch: its still-committed results become final, each job’s finality counted once', () => {
    const { record, hosts, trace } = setUp()
    const [a, b, slashed] = [replicaOf(1, 0, true, 0), replicaOf(2, 0, false, 5), replicaOf(3, 0, true, 5)]
    const twin = replicaOf(1, 0)
    twin.job = a.job // a replicated job's second result in the same batch
    const batch = commitAll(9, 10, [a, b, slashed, twin])
    record.slash(slashOf(0, 1), slashed, 30)
    record.payout(batch, toUnits(0.03), 70)
    expect([a, b, twin].map((r) => r.stage.state === 'settled' && r.stage.outcome)).toEqual([
      'final',
      'final',
      'final',
    ])
    expect(slashed.stage).toMatchObject({ outcome: 'slashed' })
    expect(hosts[0]?.revenue).toBe(toUnits(0.03))
    expect(record.counts).toMatchObject({ results: 4, undetected: 1, detected: 1 })
    expect(record.tallies).toMatchObject({ badFinalized: 1, finalityLatencies: [70, 65], networkFees: 0.03 })
    // The trace names each job made final once, so a reader finds its latency (70 − 0, 70 − 5).
    expect(trace.at(-1)).toEqual({ t: 70, type: 'payout', batch: 9, host: 0, amount: 0.03, final: [1, 2] })
  })

  it('counts and traces a missed challenge, and a refund of a bad result apart from fraud', () => {
    const { record, trace } = setUp()
    record.missed(4, 1, 12, 'result already final')
    const bad = replicaOf(6, 1, true)
    commitAll(2, 0, [bad])
    record.refund(bad)
    expect(record.counts).toMatchObject({ missed_challenges: 1, refunded_results: 1, undetected: 0 })
    expect(record.tallies).toMatchObject({ badRefunded: 1, badFinalized: 0 })
    expect(trace).toEqual([{ t: 12, type: 'missed', job: 4, verifier: 1, reason: 'result already final' }])
  })
})
