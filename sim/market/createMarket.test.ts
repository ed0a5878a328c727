import { describe, expect, it, vi } from 'vitest'
import { bassAdopters } from '../demand/bassAdopters.ts'
import type { Segment } from '../demand/types.ts'
import { demandSpecOf, providerOf } from '../fixtures/demandSpec.ts'
import { simulate, specOf } from '../fixtures/simulate.ts'
import type { DemandSpec, RunSpec } from '../runSpec.ts'
import type { MarketBook, MarketMetrics } from './types.ts'
import { MARKET_METRIC_NAMES } from './types.ts'

/** Every call the market and the lifecycle make on the book, in order. */
type Call = { [K in keyof MarketBook]: { fn: K; args: Parameters<MarketBook[K]> } }[keyof MarketBook]

const books: Call[][] = []

// The book is written on its own branch; here a recording one stands in for it.
vi.mock('./createMarketBook.ts', () => ({
  createMarketBook(): MarketBook {
    const calls: Call[] = []
    books.push(calls)
    const rec =
      <K extends keyof MarketBook>(fn: K) =>
      (...args: Parameters<MarketBook[K]>) => {
        calls.push({ fn, args } as Call)
      }
    return {
      arrived: rec('arrived'),
      converted: rec('converted'),
      chose: rec('chose'),
      requested: rec('requested'),
      settled: rec('settled'),
      incident: rec('incident'),
      fees: rec('fees'),
      emitted: rec('emitted'),
      supply: rec('supply'),
      advance: rec('advance'),
      finish: rec('finish'),
      metrics: () => Object.fromEntries(MARKET_METRIC_NAMES.map((n) => [n, null])) as MarketMetrics,
    }
  },
}))

const DAY = 86_400
const HOUR = 3_600

/** Fast arrivals (half the market within a day) and a few requests per requester a day. */
const quick =
  (rate: number) =>
  (s: Segment): Segment => ({
    ...s,
    requestRate: rate,
    bass: { ...s.bass, p: 0.5 / DAY, q: 1 / DAY },
  })

/** An honest network of six hosts on the in-process ledger, one-minute blocks, a day of virtual time. */
function marketSpec(demand: DemandSpec, overrides: Record<string, unknown> = {}): RunSpec {
  return {
    ...specOf({
      duration: DAY,
      blockTime: 60,
      'hosts.behaviours': { honest: 1 },
      'protocol.challengeWindow': 120,
      ...overrides,
    }),
    demand,
  }
}

async function run(spec: RunSpec) {
  const before = books.length
  const simulated = await simulate({}, { spec })
  const calls = books[before] as Call[]
  const of = <K extends keyof MarketBook>(fn: K): Parameters<MarketBook[K]>[] =>
    calls.filter((c) => c.fn === fn).map((c) => c.args as Parameters<MarketBook[K]>)
  return { ...simulated, calls, of }
}

describe('createMarket', () => {
  it('brings requesters in by the Bass curve of m ÷ weight, and settles every request exactly once', async () => {
    const demand = demandSpecOf({ experimental: quick(1e-4), production: quick(1e-4) })
    const { of, result, spec } = await run(marketSpec(demand))
    for (const { name, segment } of demand.segments) {
      const arrivals = of('arrived').filter(([, , s]) => s === name)
      const expected = bassAdopters(segment.bass.p, segment.bass.q, segment.bass.m / demand.weight, DAY)
      // A Poisson count: within four standard deviations of its mean.
      expect(Math.abs(arrivals.length - expected)).toBeLessThan(4 * Math.sqrt(expected))
      const half = bassAdopters(segment.bass.p, segment.bass.q, segment.bass.m / demand.weight, DAY / 2)
      const early = arrivals.filter(([t]) => t < DAY / 2).length
      expect(Math.abs(early - half)).toBeLessThan(4 * Math.sqrt(half))
    }
    // Accounts are allocated per segment: experimental [0, 800), production [800, 1000).
    for (const [, requester, segment] of of('arrived'))
      expect(segment === 'experimental' ? requester < 800 : requester >= 800 && requester < 1000).toBe(true)
    const requested = of('requested')
    const settled = of('settled')
    expect(requested.length).toBeGreaterThan(100)
    expect(settled.length).toBe(requested.length)
    expect(result.counts.jobs).toBe(requested.length)
    for (const [, , , , , weight] of settled) expect(weight).toBe(10)
    // Fees paid are the final results' fees at fee × weight each.
    const fees = of('fees').reduce((sum, [, tokens]) => sum + tokens, 0)
    expect(fees).toBeCloseTo(result.counts.results * spec.requesters.fee * 10, 9)
    expect(settled.every(([, , , , o]) => !o.failed && !o.bad && o.latency > 0)).toBe(true)
    expect(result.market?.weight).toBe(10)
  }, 20_000)

  it('moves choices away from a centralized provider while it is out, and back after', async () => {
    // The API is far better than the network (cheaper, faster), so requesters choose it unless it is down.
    const demand = demandSpecOf(
      {
        experimental: (s) => ({ ...quick(2e-5)(s), reviewEvery: 1200, trialLength: 0, conversion: null }),
        production: (s) => ({ ...quick(2e-5)(s), reviewEvery: 1200 }),
      },
      {
        marketSize: 5000,
        providers: [providerOf('api', { price: 0.0001, outages: { meanUp: 4 * HOUR, meanDown: 2 * HOUR } })],
      },
    )
    const { of } = await run(marketSpec(demand, { 'requesters.fee': 0.002 }))
    const incidents = of('incident').map(([i]) => i)
    const starts = incidents.filter((i) => i.kind === 'outage-start')
    const ends = incidents.filter((i) => i.kind === 'outage-end')
    expect(starts.length).toBeGreaterThan(0)
    expect(ends.length).toBeGreaterThan(0)
    // Down at t: an outage started at or before t and has not ended by t.
    const down = (t: number) => {
      const last = starts.filter((s) => s.t <= t).at(-1)
      return last !== undefined && !ends.some((e) => e.t >= last.t && e.t <= t)
    }
    const choices = of('chose')
    const during = choices.filter(([t]) => down(t))
    const outside = choices.filter(([t]) => !down(t))
    expect(during.length).toBeGreaterThan(20)
    expect(during.every(([, , , provider]) => provider === 'network')).toBe(true)
    for (const [, , , , terms] of during) expect(terms.api?.total).toBe(Number.NEGATIVE_INFINITY)
    const apiShare = outside.filter(([, , , p]) => p === 'api').length / outside.length
    expect(apiShare).toBeGreaterThan(0.8)
    // After the first outage ends, requesters who fled come back.
    const firstEnd = ends[0]?.t as number
    expect(choices.some(([t, , , p]) => t > firstEnd && p === 'api' && !down(t))).toBe(true)
    // Requests sent to the API during an outage fail after the timeout.
    const failedApi = of('settled').filter(([, , , p, o]) => p === 'api' && o.failed)
    expect(failedApi.some(([, , , , o]) => o.latency === demand.timeout)).toBe(true)
  }, 20_000)

  it('a cheap network takes the share a dear one leaves to a centralized provider', async () => {
    // Price alone decides: one-minute blocks would otherwise make the network's latency decide.
    const priceOnly = (s: Segment): Segment => ({ ...quick(2e-5)(s), weights: { ...s.weights, latency: 0 } })
    const demand = demandSpecOf(
      { experimental: priceOnly, production: priceOnly },
      { providers: [providerOf('api', { price: 0.001 })] },
    )
    const share = async (fee: number) => {
      const { of } = await run(marketSpec(demand, { 'requesters.fee': fee }))
      const choices = of('chose')
      return choices.filter(([, , , p]) => p === 'network').length / choices.length
    }
    const cheap = await share(0.000001)
    const dear = await share(0.01)
    expect(cheap).toBeGreaterThan(0.7)
    expect(dear).toBeLessThan(0.05)
  }, 20_000)

  it('converts trial requesters with a good trial into production, keeping their accounts', async () => {
    const demand = demandSpecOf(
      {
        experimental: (s) => ({
          ...quick(3e-3)(s),
          trialLength: HOUR,
          conversion: { into: 'production', failedShareBelow: 0.02, p95LatencyBelow: 600, minRequests: 5 },
        }),
        production: quick(1e-4),
      },
      { marketSize: 3000 },
    )
    const { of } = await run(marketSpec(demand, { duration: DAY / 2, 'hosts.count': 12 }))
    const decided = of('converted')
    const converted = decided.filter(([, , from, to]) => from === 'experimental' && to === 'production')
    expect(converted.length).toBeGreaterThan(10)
    for (const [, , , , reason] of converted) expect(reason).toBe('converted')
    // Every trial that ends within the horizon is decided once; a decision not to convert stays put.
    const trials = of('arrived').filter(([t, , segment]) => segment === 'experimental' && t + HOUR < DAY / 2)
    expect(decided.map(([, r]) => r).sort()).toEqual(trials.map(([, r]) => r).sort())
    for (const [, , from, to, reason] of decided)
      expect(to === 'production').toBe(reason === 'converted' && from !== to)
    // A converted requester keeps its account, now sending as production.
    const [t, requester] = converted[0] as [number, number, string, string, string]
    const later = of('requested').filter(([at, r]) => r === requester && at > t)
    expect(later.length).toBeGreaterThan(0)
    expect(later.every(([, , segment]) => segment === 'production')).toBe(true)
  }, 20_000)

  it('turns slashes mined on chain into public incidents and fails the slashed requests', async () => {
    const demand = demandSpecOf({ experimental: quick(1e-4), production: quick(1e-4) }, { marketSize: 4000 })
    const { of, result } = await run(
      marketSpec(demand, { 'hosts.behaviours': { honest: 0.5, lazy: 0.5 }, 'protocol.p': 1 }),
    )
    const slashes = of('incident')
      .map(([i]) => i)
      .filter((i) => i.kind === 'slash')
    expect(slashes.reduce((n, i) => n + i.count, 0)).toBe(
      result.counts.detected + result.counts.false_slashes,
    )
    expect(result.counts.detected).toBeGreaterThan(0)
    const failed = of('settled').filter(([, , , , o]) => o.failed)
    expect(failed.length).toBe(result.counts.detected)
  }, 20_000)

  it('gives a replicated job its majority outcome, once per request', async () => {
    const demand = demandSpecOf({ experimental: quick(1e-4), production: quick(1e-4) }, { marketSize: 4000 })
    const { of, result } = await run(
      marketSpec(demand, {
        'hosts.behaviours': { honest: 0.5, lazy: 0.5 },
        'protocol.mode': 'replication',
        'protocol.k': 3,
      }),
    )
    const settled = of('settled')
    expect(settled.length).toBe(of('requested').length)
    expect(result.counts.jobs).toBe(settled.length)
    // Three replicas per job: a job is final with an honest majority, bad with a cheating one,
    // failed when the vote finds no majority (every replica refunded).
    const bad = settled.filter(([, , , , o]) => o.bad).length
    const failed = settled.filter(([, , , , o]) => o.failed).length
    expect(bad).toBeGreaterThan(0)
    expect(settled.length - bad - failed).toBeGreaterThan(0)
    expect(result.counts.undetected).toBeGreaterThanOrEqual(2 * bad)
  }, 20_000)

  it('gives byte-identical runs for the same seed', async () => {
    const demand = demandSpecOf(
      { experimental: quick(1e-4), production: quick(1e-4) },
      { marketSize: 4000, providers: [providerOf('api', { outages: { meanUp: 6 * HOUR, meanDown: HOUR } })] },
    )
    const spec = marketSpec(demand, { 'hosts.behaviours': { honest: 0.5, lazy: 0.5 } })
    const a = await run(spec)
    const b = await run(spec)
    expect(JSON.stringify(b.calls)).toBe(JSON.stringify(a.calls))
    expect(b.result).toEqual(a.result)
    expect(b.trace).toEqual(a.trace)
  }, 20_000)

  it('keeps every requester arrival and account when a provider or a later segment is added', async () => {
    const segments = { experimental: quick(1e-5), production: quick(1e-5) }
    const arrivals = async (demand: DemandSpec) => (await run(marketSpec(demand))).of('arrived')
    const base = await arrivals(demandSpecOf(segments))
    const withApi = await arrivals(demandSpecOf(segments, { providers: [providerOf('api')] }))
    expect(withApi).toEqual(base)
    const plain = demandSpecOf(segments)
    const third = { name: 'batch', segment: { ...(plain.segments[1]?.segment as Segment), share: 0.1 } }
    const more = await arrivals({ ...plain, segments: [...plain.segments, third] })
    expect(more.filter(([, , s]) => s !== 'batch')).toEqual(base)
    expect(more.some(([, , s]) => s === 'batch')).toBe(true)
  }, 20_000)

  it('refuses a weight larger than a segment market size, naming the field', async () => {
    const demand = demandSpecOf({}, { weight: 5000 })
    await expect(run(marketSpec(demand))).rejects.toThrow(
      "segment production's market size 2000 is less than one simulated requester at demand.weight 5000",
    )
  })
})
