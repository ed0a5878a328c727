import type { ConversionReason, Segment, UtilityTerms } from '../demand/types.ts'

/**
 * The demand market as a run drives it (issue 16). Three parts meet here, each in its own file:
 * the population (sim/market/createMarket.ts: arrivals, choices, requests, experience), the job
 * lifecycle (sim/createJobLifecycle.ts: a network request from placement to payout) and the book
 * (sim/market/createMarketBook.ts: per-period aggregates and the market's metrics). Times are
 * virtual seconds; money in tokens; every volume, fee and cost already multiplied by the
 * super-individual weight (DemandSpec.weight) where it says "real".
 */

/** The network's name among providers; centralized providers use their scenario names. */
export const NETWORK = 'network'

/** What one request came to, as its requester experiences it. */
export type RequestOutcome = {
  /** Seconds from request to result; for a request never served, the seconds the requester waited. */
  latency: number
  /** No usable result: unserved, dropped, refunded, its host slashed, or the provider failed. */
  failed: boolean
  /** A bad result reached the requester (it became final, or a centralized provider never has any). */
  bad: boolean
}

/** A request the market places on the network; the lifecycle runs it and reports back exactly once. */
export type NetworkRequest = {
  requester: number
  /** The network configuration requested: 0 the scenario's protocol, i > 0 demand.offers[i − 1]. */
  offer: number
  /**
   * The escrow account that pays for it: the requester's own for offer 0, and one account per
   * (requester, offer) for the others, since the contract keeps one fee per open order of a payer
   * with a host (OrderFeeMismatch) and a requester may switch offers with jobs in flight.
   */
  account: number
  /** Real requests it stands for (DemandSpec.weight). */
  weight: number
  /** Decoder models: the segment's request sizes; null: the scenario's workload. */
  sizes: Segment['requestSize']
  /**
   * Called once, at the virtual time the requester learns the outcome: when the job's result is
   * final, or fails (no host could take it, every replica dropped, refunded or slashed).
   */
  settled(now: number, outcome: RequestOutcome): void
}

/** Why a provider's public standing changed at a moment: what requesters read as public signals. */
export type IncidentKind =
  /** A centralized provider went down / came back. */
  | 'outage-start'
  | 'outage-end'
  /** verifiers.outages: the network stopped / restarted checking. */
  | 'verification-outage-start'
  | 'verification-outage-end'
  /** Slashes mined on chain in one block (count in `count`). */
  | 'slash'

export type Incident = { t: number; provider: string; kind: IncidentKind; count: number }

/** Host supply at one moment (sampled by the run at each block). */
export type SupplySample = {
  active: number
  down: number
  reserve: number
  exited: number
  /** Real requests per second the active hosts can serve (honest compute, weight included). */
  capacity: number
}

/**
 * Everything the market's figures are made of. The market and the lifecycle call it as events
 * happen; it keeps only the open period and small per-requester counters, and hands each closed
 * period, then on `finish` the partial last one, to `emit` (lab streams them to periods.ndjson),
 * so memory does not grow with the horizon.
 */
export type MarketBook = {
  /** A requester arrived (its cohort is the period of `now`). */
  arrived(now: number, requester: number, segment: string): void
  /** A trial ended: converted into `to`, or not (then `to` === `from`), with the deciding reason. */
  converted(now: number, requester: number, from: string, to: string, reason: ConversionReason): void
  /** A requester chose `provider` on arrival or review; `terms` are every provider's utility terms then. */
  chose(
    now: number,
    requester: number,
    segment: string,
    provider: string,
    terms: Record<string, UtilityTerms>,
  ): void
  /** A request was sent to `provider` (volume counts here, `weight` real requests). */
  requested(now: number, requester: number, segment: string, provider: string, weight: number): void
  /** Its outcome reached the requester. */
  settled(
    now: number,
    requester: number,
    segment: string,
    provider: string,
    outcome: RequestOutcome,
    weight: number,
  ): void
  incident(incident: Incident): void
  /** Fees paid to hosts on finalization, in tokens (burned shares excluded). */
  fees(now: number, tokens: number): void
  /** Tokens emitted to hosts. */
  emitted(now: number, tokens: number): void
  supply(now: number, sample: SupplySample): void
  /** Close every period that ended at or before `now` (emit them). */
  advance(now: number): void
  /**
   * The run ended at `now` (the horizon, or the last settlement if later): close the periods that
   * ended by then and emit the open one as a last row marked `partial` (its end is `now`), so every
   * recorded event is in some row. Nothing may be recorded after it.
   */
  finish(now: number): void
  /** The market's metrics over the whole run (after finish). */
  metrics(): MarketMetrics
}

/** One closed period, as streamed to periods.ndjson (one JSON object per line). */
export type PeriodRow = {
  period: number
  start: number
  /** start + the period, or for the last row the run's end when that falls inside the period. */
  end: number
  /**
   * Present (true) on the last row only, when the run ended inside the period (end − start <
   * DemandSpec.period, possibly 0 when only settlements land at the very end): its counts cover
   * less time than a full period's, so a reader must not take them for a drop.
   */
  partial?: true
  /** The super-individual weight: every volume below is real requests. */
  weight: number
  segments: Record<string, SegmentPeriod>
  /** Network volume in this period by arrival cohort (the cohort's period number) and segment. */
  cohorts: Record<string, Record<string, number>>
  network: {
    fees: number
    emitted: number
    /** Means over the period's samples. */
    hosts: { active: number; down: number; reserve: number; exited: number }
    capacity: number
    /** Real requests per second sent to the network (over end − start; 0 in a zero-length period). */
    demand: number
    /** p95 of network request latency settled in the period; null when none. */
    p95Latency: number | null
  }
  incidents: Incident[]
}

export type SegmentPeriod = {
  /** Requesters that sent at least one request in the period. */
  active: number
  arrivals: number
  /** Trials that ended in the period, and how many of them converted. */
  trialsEnded: number
  conversions: number
  /** Real requests by provider. */
  volume: Record<string, number>
  failed: Record<string, number>
  frauds: Record<string, number>
  /** Share of this segment's volume sent to the network (all its offers together); null when it sent none. */
  adoption: number | null
  /** Mean utility terms per provider over the choices made in the period; absent when none. */
  terms: Record<string, UtilityTerms>
  /** Choices made in the period, by provider chosen. */
  choices: Record<string, number>
}

/**
 * The market's metrics (usable in invariants and as tune objectives). Each is null where it has
 * no meaning (no volume, no emissions, no cohort old enough).
 */
export const MARKET_METRIC_NAMES = [
  /** Network volume ÷ all volume, real requests, over the run. */
  'market_adoption_share',
  /** The same within the production segment(s): segments without a trial and not converting. */
  'production_adoption_share',
  /** Production requesters' network volume ÷ all network volume. */
  'production_share',
  /** Pooled R(N): Σ cohorts' production network volume in their period N ÷ in their period 3. */
  'retained_production_volume',
  /** Network volume of requesters active in ≥ repeatPeriods periods ÷ network volume. */
  'repeat_share',
  /** Mean over periods of network volume ÷ requesters active on the network. */
  'volume_per_active_requester',
  /** Fees paid to hosts ÷ tokens emitted, over the run. */
  'revenue_over_emissions',
  /** Active hosts at the end of the run. */
  'host_count_final',
  /** p95 of every network request's latency as its requester saw it. */
  'network_p95_latency',
  /**
   * Share of production network volume lost after incidents: 1 − (volume in the period after
   * the first network incident ÷ volume in the period before it); null without one.
   */
  'incident_churn',
] as const

export type MarketMetricName = (typeof MARKET_METRIC_NAMES)[number]
export type MarketMetrics = Record<MarketMetricName, number | null>
