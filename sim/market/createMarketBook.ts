import { BaseError, InputError } from '../../errors/index.ts'
import { productionShare } from '../demand/productionShare.ts'
import { revenueOverEmissions } from '../demand/revenueOverEmissions.ts'
import type { UtilityTerms } from '../demand/types.ts'
import type { DemandSpec } from '../runSpec.ts'
import { addLatency } from './addLatency.ts'
import { binnedP95 } from './binnedP95.ts'
import { productionSegments } from './productionSegments.ts'
import {
  type Incident,
  type MarketBook,
  type MarketMetrics,
  NETWORK,
  type PeriodRow,
  type SegmentPeriod,
  type SupplySample,
} from './types.ts'

/** What the book holds at a moment, to show it stays flat as the horizon grows. */
export type MarketBookSize = {
  requesters: number
  /** Cohorts waiting for their period 3 or period N to close (at most |N − 3| + 1). */
  pendingCohorts: number
  /** Entries of the open period's maps and lists. */
  openEntries: number
}

export type InspectableMarketBook = MarketBook & { size(): MarketBookSize }

/** A requester's lifetime counters: all the book keeps per requester. */
type Requester = {
  segment: string
  cohort: number
  /** The last period it sent any request in, and the last it sent one to the network in. */
  lastActive: number
  lastNetwork: number
  /** Periods in which it sent at least one request to the network. */
  networkPeriods: number
  networkVolume: number
}

type OpenSegment = {
  active: number
  arrivals: number
  trialsEnded: number
  conversions: number
  volume: Map<string, number>
  failed: Map<string, number>
  frauds: Map<string, number>
  terms: Map<string, { sum: UtilityTerms; n: number }>
  choices: Map<string, number>
}

type OpenPeriod = {
  segments: Map<string, OpenSegment>
  /** Network volume by cohort, then segment. */
  cohorts: Map<number, Map<string, number>>
  /** Production network volume by cohort (for R(N)). */
  productionByCohort: Map<number, number>
  fees: number
  emitted: number
  supply: { sum: SupplySample; n: number }
  latency: Map<number, number>
  networkVolume: number
  /** Requesters (real) that sent the network at least one request in the period. */
  networkActive: number
  productionNetworkVolume: number
  incidents: Incident[]
}

const TERM_KEYS = ['price', 'latency', 'failure', 'fraud', 'verifiable', 'switching', 'total'] as const
const zeroTerms = (): UtilityTerms => ({
  price: 0,
  latency: 0,
  failure: 0,
  fraud: 0,
  verifiable: 0,
  switching: 0,
  total: 0,
})
const zeroSample = (): SupplySample => ({ active: 0, down: 0, reserve: 0, exited: 0, capacity: 0 })
const add = <K>(map: Map<K, number>, key: K, value: number) => map.set(key, (map.get(key) ?? 0) + value)

/**
 * The demand market's book (issue 16): every market figure of a run goes through it, in
 * nondecreasing virtual time. It keeps the open period's sums, a few counters per requester and
 * run totals, and hands each closed period to `emit`, so memory is O(requesters) and does not
 * grow with the horizon. Periods are [k·period, (k+1)·period); every recording call first closes
 * the periods that ended at or before its time, so an event at a period's end belongs to the next.
 *
 * Units: volumes, failures and frauds are real requests (each call's `weight`); requester counts
 * (active, arrivals, trialsEnded, conversions, choices) are real requesters, each simulated one
 * counting DemandSpec.weight, so every ratio below is the same whatever the weight.
 *
 * A requester counts as active in a segment once per period, in the segment of its first request
 * in that period. Failures and frauds count in the period their outcome settled. A period with no
 * supply sample repeats the last sample (supply holds until the run samples it again).
 *
 * The metrics (MARKET_METRIC_NAMES), each null where it has no meaning, never NaN or Infinity:
 * - production is the segments productionSegments names (conversion targets, and segments that
 *   neither trial nor convert);
 * - market_adoption_share = network volume ÷ all volume; production_adoption_share the same
 *   over production segments; production_share = productionShare(production network volume,
 *   network volume);
 * - retained_production_volume = Σ vol_c(N) ÷ Σ vol_c(3) over cohorts c with vol_c(3) > 0 whose
 *   period N closed, vol_c(k) being cohort c's production network volume in its period k
 *   (pooled retainedVolume, N = DemandSpec.retentionPeriod);
 * - repeat_share = network volume of requesters with network volume in ≥ repeatPeriods periods ÷
 *   network volume, counted from each requester's periods with network volume and its total;
 * - volume_per_active_requester = mean over closed periods with network volume of network volume
 *   ÷ real requesters active on the network;
 * - revenue_over_emissions = revenueOverEmissions(Σ fees, Σ emitted);
 * - host_count_final = the last supply sample's active hosts;
 * - network_p95_latency = p95 of every settled network request (weighted by weight; binned, so within a factor 1.12);
 * - incident_churn = 1 − production network volume in period P + 1 ÷ in period P − 1, P the
 *   period of the first incident whose provider is the network, slashes aside (a verification
 *   outage; slashes are signals of their own); null without one, when P is 0,
 *   when P + 1 never closed, or when P − 1 had no production network volume.
 * Run totals (volumes, fees, latencies, requesters) count every event recorded; the per-period
 * figures (R(N), volume per active requester, churn) count full periods only, never the partial
 * last row `finish` emits when the run ends inside a period.
 */
export function createMarketBook(demand: DemandSpec, emit: (row: PeriodRow) => void): InspectableMarketBook {
  // The scenario layer checks these with their lines; a RunSpec built in code meets them here.
  if (!(demand.period > 0 && Number.isFinite(demand.period)))
    throw new InputError(`demand.period must be a finite number of seconds > 0, got ${demand.period}`, {
      hint: 'e.g. 86400 (a day)',
    })
  if (!(Number.isInteger(demand.retentionPeriod) && demand.retentionPeriod >= 0))
    throw new InputError(`demand.retentionPeriod must be an integer >= 0, got ${demand.retentionPeriod}`, {
      hint: 'e.g. 12',
    })
  if (!(Number.isInteger(demand.repeatPeriods) && demand.repeatPeriods >= 1))
    throw new InputError(`demand.repeatPeriods must be an integer >= 1, got ${demand.repeatPeriods}`, {
      hint: 'e.g. 3',
    })
  const { period, weight: requesterWeight, retentionPeriod, repeatPeriods } = demand
  const production = productionSegments(demand)
  // The network is one network whatever configuration a request chose (demand.offers): its
  // figures count every offer together, while period rows keep each offer as its own provider.
  const networkNames = new Set([NETWORK, ...demand.offers.map((o) => o.name)])
  const providerOrder = [...networkNames, ...demand.providers.map((p) => p.name)]
  const segmentOrder = demand.segments.map((s) => s.name)

  const requesters = new Map<number, Requester>()
  let index = 0
  let start = 0
  let open = openPeriod()
  let lastSample: SupplySample | null = null
  // Whether anything but a supply sample was recorded in the open period: a zero-length last
  // period is emitted then.
  let touched = false
  let finished = false

  // Run totals.
  let allVolume = 0
  let networkVolume = 0
  let productionVolume = 0
  let productionNetworkVolume = 0
  let fees = 0
  let emitted = 0
  const runLatency = new Map<number, number>()
  let perActiveSum = 0
  let perActivePeriods = 0
  // R(N): cohorts whose base (period 3) or period-N volume is known but not both yet.
  const pending = new Map<number, { base?: number; atN?: number }>()
  let retainedSum = 0
  let baseSum = 0
  // Incident churn.
  let previousProduction = 0
  let incidentPeriod: number | null = null
  let churnBefore: number | null = null
  let churnAfter: number | null = null

  function openPeriod(): OpenPeriod {
    return {
      segments: new Map(segmentOrder.map((name) => [name, openSegment()])),
      cohorts: new Map(),
      productionByCohort: new Map(),
      fees: 0,
      emitted: 0,
      supply: { sum: zeroSample(), n: 0 },
      latency: new Map(),
      networkVolume: 0,
      networkActive: 0,
      productionNetworkVolume: 0,
      incidents: [],
    }
  }

  function openSegment(): OpenSegment {
    return {
      active: 0,
      arrivals: 0,
      trialsEnded: 0,
      conversions: 0,
      volume: new Map(),
      failed: new Map(),
      frauds: new Map(),
      terms: new Map(),
      choices: new Map(),
    }
  }

  function segmentOf(name: string): OpenSegment {
    let s = open.segments.get(name)
    if (!s) {
      s = openSegment()
      open.segments.set(name, s)
    }
    return s
  }

  function requesterOf(id: number, what: string): Requester {
    const r = requesters.get(id)
    if (!r) throw new BaseError(`the market book got ${what} of requester ${id} before its arrival`)
    return r
  }

  /** Providers in a fixed order: the network, the scenario's, then any other in order of appearance. */
  function byProvider<T>(map: Map<string, T>, fill: T | undefined): Record<string, T> {
    const out: Record<string, T> = {}
    for (const name of providerOrder) {
      const value = map.get(name) ?? fill
      if (value !== undefined) out[name] = value
    }
    for (const [name, value] of map) if (!(name in out)) out[name] = value
    return out
  }

  function segmentRow(s: OpenSegment): SegmentPeriod {
    let volume = 0
    let network = 0
    for (const [provider, v] of s.volume) {
      volume += v
      if (networkNames.has(provider)) network += v
    }
    const terms = new Map<string, UtilityTerms>()
    for (const [provider, { sum, n }] of s.terms) {
      const mean = zeroTerms()
      for (const key of TERM_KEYS) mean[key] = sum[key] / n
      terms.set(provider, mean)
    }
    return {
      active: s.active,
      arrivals: s.arrivals,
      trialsEnded: s.trialsEnded,
      conversions: s.conversions,
      volume: byProvider(s.volume, 0),
      failed: byProvider(s.failed, 0),
      frauds: byProvider(s.frauds, 0),
      adoption: volume > 0 ? network / volume : null,
      terms: byProvider(terms, undefined),
      choices: byProvider(s.choices, 0),
    }
  }

  /** The open period as a row ending at `end`; `partial` when the run ended before its full length. */
  function rowOf(end: number, partial: boolean): PeriodRow {
    const samples = open.supply.n
    const supply = samples > 0 ? open.supply.sum : (lastSample ?? zeroSample())
    const mean = (value: number) => (samples > 0 ? value / samples : value)
    const cohorts: Record<string, Record<string, number>> = {}
    for (const c of [...open.cohorts.keys()].sort((a, b) => a - b)) {
      const bySegment = open.cohorts.get(c) as Map<string, number>
      cohorts[String(c)] = Object.fromEntries(bySegment)
    }
    const length = end - start
    return {
      period: index,
      start,
      end,
      ...(partial ? { partial: true as const } : {}),
      weight: requesterWeight,
      segments: Object.fromEntries([...open.segments].map(([name, s]) => [name, segmentRow(s)])),
      cohorts,
      network: {
        fees: open.fees,
        emitted: open.emitted,
        hosts: {
          active: mean(supply.active),
          down: mean(supply.down),
          reserve: mean(supply.reserve),
          exited: mean(supply.exited),
        },
        capacity: mean(supply.capacity),
        // Requests are placed before the horizon only, so a zero-length last period has none.
        demand: length > 0 ? open.networkVolume / length : 0,
        p95Latency: binnedP95(open.latency),
      },
      incidents: open.incidents,
    }
  }

  function close(): void {
    const end = start + period
    emit(rowOf(end, false))
    if (open.networkActive > 0) {
      perActiveSum += open.networkVolume / open.networkActive
      perActivePeriods++
    }
    const note = (cohort: number, key: 'base' | 'atN') => {
      if (cohort < 0) return
      const entry = pending.get(cohort) ?? {}
      entry[key] = open.productionByCohort.get(cohort) ?? 0
      if (entry.base !== undefined && entry.atN !== undefined) {
        pending.delete(cohort)
        if (entry.base > 0) {
          baseSum += entry.base
          retainedSum += entry.atN
        }
      } else pending.set(cohort, entry)
    }
    note(index - 3, 'base')
    note(index - retentionPeriod, 'atN')
    // A slash is the network's verification working (and a public signal of its own, memory's
    // slashLoss), not an incident: counting it would put P at the first caught cheat, in period 0
    // of any run with cheaters, and leave the churn after the real incident unmeasured.
    if (incidentPeriod === null && open.incidents.some((i) => i.provider === NETWORK && i.kind !== 'slash')) {
      incidentPeriod = index
      churnBefore = index > 0 ? previousProduction : null
    } else if (incidentPeriod === index - 1) churnAfter = open.productionNetworkVolume
    previousProduction = open.productionNetworkVolume

    index++
    start = end
    open = openPeriod()
    touched = false
  }

  function advance(now: number): void {
    if (finished) throw new BaseError(`the market book got an event at ${now} after the run finished`)
    while (start + period <= now) close()
  }

  /** Every recording call: close what ended before `now`, then note the open period holds something. */
  function at(now: number): void {
    advance(now)
    touched = true
  }

  // The last period is emitted for its volume (periods.ndjson then sums to the run's totals) but
  // feeds none of the per-period metrics: it covers less time than a period, so its volume per
  // active requester, a cohort's R(N) at it, or the churn after an incident measured in it would
  // read as a loss that is only the run ending. Run totals (shares, fees, latency, repeat_share's
  // periods with network volume) count it like any other, as they count every event.
  function finish(now: number): void {
    advance(now)
    finished = true
    if (now > start || touched) emit(rowOf(Math.max(now, start), true))
  }

  const book: InspectableMarketBook = {
    arrived(now, requester, segment) {
      at(now)
      requesters.set(requester, {
        segment,
        cohort: index,
        lastActive: -1,
        lastNetwork: -1,
        networkPeriods: 0,
        networkVolume: 0,
      })
      segmentOf(segment).arrivals += requesterWeight
    },
    converted(now, requester, from, to) {
      at(now)
      const s = segmentOf(from)
      s.trialsEnded += requesterWeight
      if (to !== from) s.conversions += requesterWeight
      requesterOf(requester, 'a trial').segment = to
    },
    chose(now, _requester, segment, provider, terms) {
      at(now)
      const s = segmentOf(segment)
      add(s.choices, provider, requesterWeight)
      for (const [name, t] of Object.entries(terms)) {
        const entry = s.terms.get(name) ?? { sum: zeroTerms(), n: 0 }
        for (const key of TERM_KEYS) entry.sum[key] += t[key]
        entry.n++
        s.terms.set(name, entry)
      }
    },
    requested(now, requester, segment, provider, weight) {
      at(now)
      const r = requesterOf(requester, 'a request')
      const s = segmentOf(segment)
      add(s.volume, provider, weight)
      if (r.lastActive !== index) {
        r.lastActive = index
        s.active += requesterWeight
      }
      const isProduction = production.has(segment)
      allVolume += weight
      if (isProduction) productionVolume += weight
      if (!networkNames.has(provider)) return
      networkVolume += weight
      open.networkVolume += weight
      r.networkVolume += weight
      if (r.lastNetwork !== index) {
        r.lastNetwork = index
        r.networkPeriods++
        open.networkActive += requesterWeight
      }
      let bySegment = open.cohorts.get(r.cohort)
      if (!bySegment) {
        bySegment = new Map()
        open.cohorts.set(r.cohort, bySegment)
      }
      add(bySegment, segment, weight)
      if (isProduction) {
        productionNetworkVolume += weight
        open.productionNetworkVolume += weight
        add(open.productionByCohort, r.cohort, weight)
      }
    },
    settled(now, _requester, segment, provider, outcome, weight) {
      at(now)
      const s = segmentOf(segment)
      if (outcome.failed) add(s.failed, provider, weight)
      if (outcome.bad) add(s.frauds, provider, weight)
      if (networkNames.has(provider)) {
        addLatency(open.latency, outcome.latency, weight)
        addLatency(runLatency, outcome.latency, weight)
      }
    },
    incident(incident) {
      at(incident.t)
      open.incidents.push({ ...incident })
    },
    fees(now, tokens) {
      at(now)
      open.fees += tokens
      fees += tokens
    },
    emitted(now, tokens) {
      at(now)
      open.emitted += tokens
      emitted += tokens
    },
    supply(now, sample) {
      // A sample alone does not make a zero-length last period worth a row: it is what the last
      // block saw, and the previous row already holds the supply up to that instant.
      advance(now)
      const sum = open.supply.sum
      sum.active += sample.active
      sum.down += sample.down
      sum.reserve += sample.reserve
      sum.exited += sample.exited
      sum.capacity += sample.capacity
      open.supply.n++
      lastSample = { ...sample }
    },
    advance,
    finish,
    metrics(): MarketMetrics {
      let repeat = 0
      for (const r of requesters.values()) if (r.networkPeriods >= repeatPeriods) repeat += r.networkVolume
      return {
        market_adoption_share: allVolume > 0 ? networkVolume / allVolume : null,
        production_adoption_share: productionVolume > 0 ? productionNetworkVolume / productionVolume : null,
        production_share: productionShare(productionNetworkVolume, networkVolume),
        retained_production_volume: baseSum > 0 ? retainedSum / baseSum : null,
        repeat_share: networkVolume > 0 ? repeat / networkVolume : null,
        volume_per_active_requester: perActivePeriods > 0 ? perActiveSum / perActivePeriods : null,
        revenue_over_emissions: revenueOverEmissions(fees, emitted),
        host_count_final: lastSample ? lastSample.active : null,
        network_p95_latency: binnedP95(runLatency),
        incident_churn:
          churnBefore !== null && churnAfter !== null && churnBefore > 0
            ? 1 - churnAfter / churnBefore
            : null,
      }
    },
    size() {
      let openEntries =
        open.cohorts.size + open.productionByCohort.size + open.latency.size + open.incidents.length
      for (const c of open.cohorts.values()) openEntries += c.size
      for (const s of open.segments.values())
        openEntries += 1 + s.volume.size + s.failed.size + s.frauds.size + s.terms.size + s.choices.size
      return { requesters: requesters.size, pendingCohorts: pending.size, openEntries }
    },
  }
  return book
}
