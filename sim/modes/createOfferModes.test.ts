import { describe, expect, it } from 'vitest'
import { createMemoryLedger } from '../../contracts/index.ts'
import type { Segment } from '../demand/types.ts'
import { demandSpecOf } from '../fixtures/demandSpec.ts'
import { createFakeInference } from '../fixtures/fakeInference.ts'
import { specOf } from '../fixtures/simulate.ts'
import type { PeriodRow } from '../market/types.ts'
import type { LedgerCall, LedgerPort } from '../ports.ts'
import { CHAIN_EPOCH, runSimulation } from '../runSimulation.ts'
import type { RunSpec } from '../runSpec.ts'
import type { TraceEvent } from '../traceEvent.ts'
import { toUnits } from '../units.ts'

const DAY = 86_400
const K = 3
const FEE = 0.01
// Per request the offer costs K × OFFER_FEE = FEE: with equal prices and both verifiable, the
// requesters split about evenly between the two configurations.
const OFFER_FEE = FEE / K

/** An honest network whose market offers the scenario's sampling and a replication offer (k = 3). */
function offerSpec(): RunSpec {
  const quick = (s: Segment): Segment => ({
    ...s,
    requestRate: 1e-4,
    bass: { ...s.bass, p: 0.5 / DAY, q: 1 / DAY },
  })
  const base = specOf({
    duration: DAY / 4,
    blockTime: 60,
    'hosts.behaviours': { honest: 1 },
    'protocol.challengeWindow': 120,
    'requesters.fee': FEE,
  })
  const demand = demandSpecOf(
    { experimental: quick, production: quick },
    {
      // One period as long as the horizon: every request is in it, and it closes at the end.
      period: DAY / 4,
      offers: [
        { name: 'replicated', fee: OFFER_FEE, protocol: { ...base.protocol, mode: 'replication', k: K } },
      ],
    },
  )
  return { ...base, demand }
}

describe('createOfferModes: one run, two network configurations', () => {
  it("runs a replication offer's jobs on k hosts at its fee × k, and the network's on one at its fee", async () => {
    const spec = offerSpec()
    const weight = spec.demand?.weight ?? 1
    const fake = createFakeInference({ tolerance: spec.tolerance })
    const memory = createMemoryLedger({ timestamp: CHAIN_EPOCH - DAY })
    const calls: LedgerCall[] = []
    const ledger: LedgerPort = {
      ...memory,
      submit(call) {
        calls.push(call)
        return memory.submit(call)
      },
    }
    const trace: TraceEvent[] = []
    const periods: PeriodRow[] = []
    try {
      const result = await runSimulation(
        { inference: fake, ledger, trace: (e) => trace.push(e), periods: (row) => periods.push(row) },
        spec,
      )
      // Each job's replicas, its offer and the account that pays for it, from the trace.
      const jobs = new Map<number, { offer: number; account: number; hosts: number[] }>()
      for (const e of trace) {
        if (e.type !== 'job') continue
        const job = jobs.get(e.job) ?? { offer: e.offer ?? 0, account: e.requester, hosts: [] }
        expect(job.offer).toBe(e.offer ?? 0)
        job.hosts.push(e.host)
        jobs.set(e.job, job)
      }
      const byOffer = [0, 1].map((offer) => [...jobs.values()].filter((j) => j.offer === offer))
      const [network, replicated] = byOffer as [(typeof byOffer)[0], (typeof byOffer)[0]]
      expect(network.length).toBeGreaterThan(20)
      expect(replicated.length).toBeGreaterThan(20)
      expect(network.length + replicated.length).toBe(result.counts.jobs)
      for (const j of network) expect(j.hosts).toHaveLength(1)
      for (const j of replicated) expect(new Set(j.hosts).size).toBe(K)

      // Accounts pay for one offer each, and every order is at that offer's fee (× weight).
      const offerOf = new Map<number, number>()
      for (const j of jobs.values()) {
        expect(offerOf.get(j.account) ?? j.offer).toBe(j.offer)
        offerOf.set(j.account, j.offer)
      }
      const fees = [toUnits(FEE * weight), toUnits(OFFER_FEE * weight)]
      const ordered = [0, 0]
      for (const call of calls) {
        if (call.kind !== 'order') continue
        const offer = offerOf.get(call.requester) as number
        expect(call.fee).toBe(fees[offer])
        ordered[offer] = (ordered[offer] as number) + call.orders.reduce((sum, o) => sum + o.jobs, 0)
      }
      expect(ordered).toEqual([network.length, K * replicated.length])

      // Every result of an honest network is final: hosts are paid FEE × 1 per network request
      // and OFFER_FEE × K per replicated one (× weight).
      expect(result.counts.results).toBe(network.length + K * replicated.length)
      expect(result.counts.detected + result.counts.false_slashes + result.counts.refunded_results).toBe(0)
      const paid = trace.reduce((sum, e) => sum + (e.type === 'payout' ? e.amount : 0), 0)
      const owed =
        BigInt(network.length) * (fees[0] as bigint) + BigInt(K * replicated.length) * (fees[1] as bigint)
      expect(toUnits(paid)).toBe(owed)

      // The book keeps the offers apart by name, and counts both as the network's volume.
      const volume = (name: string) =>
        periods.reduce(
          (sum, p) => sum + Object.values(p.segments).reduce((s, seg) => s + (seg.volume[name] ?? 0), 0),
          0,
        )
      expect(volume('network')).toBe(network.length * weight)
      expect(volume('replicated')).toBe(replicated.length * weight)
      expect(result.market?.metrics.market_adoption_share).toBe(1)
    } finally {
      await fake.close()
    }
  }, 30_000)

  it('refuses, in a RunSpec built in code, an offer the one contract cannot run', async () => {
    const spec = offerSpec()
    const demand = spec.demand as NonNullable<RunSpec['demand']>
    const offer = demand.offers[0] as NonNullable<(typeof demand.offers)[0]>
    const refused = async (patch: Partial<typeof offer>) => {
      const fake = createFakeInference({ tolerance: spec.tolerance })
      const ledger = createMemoryLedger({ timestamp: CHAIN_EPOCH - DAY })
      try {
        const offers = [{ ...offer, ...patch }]
        await runSimulation({ inference: fake, ledger }, { ...spec, demand: { ...demand, offers } })
        return 'accepted'
      } catch (error) {
        return (error as Error).message
      } finally {
        await fake.close()
      }
    }
    expect(await refused({ protocol: { ...offer.protocol, mode: 'zk' } })).toMatch(
      /demand\.offers\.0\.protocol\.mode zk is an attestation/,
    )
    expect(await refused({ fee: 0 })).toMatch(/demand\.offers\.0\.fee must be above 0/)
    expect(await refused({ name: 'network' })).toMatch(/"network" is already a provider's or an offer's name/)
  })
})
