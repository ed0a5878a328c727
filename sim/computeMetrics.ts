import { MARKET_METRIC_NAMES, type MarketMetrics } from './market/types.ts'
import { percentile } from './percentile.ts'
import type { Amount } from './ports.ts'
import type { HostBehaviour } from './runState.ts'
import { fromUnits } from './units.ts'

export const METRIC_NAMES = [
  'verification_overhead',
  'undetected_fraud_rate',
  'detection_rate',
  'false_slash_rate',
  'cheater_return',
  'honest_return',
  'gas_per_job',
  'finality_latency_p50',
  'finality_latency_p95',
  'block_latency_p50',
  'block_latency_p95',
  'time_to_detection_p50',
  'cost_per_verified_inference',
  'adoption_share',
  'tokens_generated',
  'generation_cost_per_token',
  'verification_cost_per_token',
  'detection_latency_tokens',
  // The hosting layer's (issue 18): null without a catalog.
  'overhead_reexecution',
  'overhead_holding',
  'overhead_gas',
  'cold_starts',
  'cold_start_latency_p95',
  // The demand market's (issue 16), from its book: sim/market/createMarketBook.ts defines them.
  ...MARKET_METRIC_NAMES,
] as const

/** The metrics only a decoder run (generation jobs) gives a value. */
export const GENERATION_METRIC_NAMES = [
  'tokens_generated',
  'generation_cost_per_token',
  'verification_cost_per_token',
  'detection_latency_tokens',
] as const satisfies readonly (typeof METRIC_NAMES)[number][]

/** The metrics only a run with a model catalog gives a value. */
export const HOSTING_METRIC_NAMES = [
  'overhead_reexecution',
  'overhead_holding',
  'overhead_gas',
  'cold_starts',
  'cold_start_latency_p95',
] as const satisfies readonly (typeof METRIC_NAMES)[number][]

export type MetricName = (typeof METRIC_NAMES)[number]

/** A metric is null when the run gives it no meaning (no cheaters ⇒ no cheater return). */
export type Metrics = Record<MetricName, number | null>

export type HostTally = {
  /** A reserve host that never entered (hosts.entry) held no stake and earned nothing: not counted. */
  status?: { state: string }
  behaviour: HostBehaviour
  stake: number
  /** Tokens spent on inference (the variant actually run). */
  computeCost: number
  revenue: Amount
  slashed: Amount
  /** Tokens paid to colluding verifiers (verifiers.coalition.bribe); absent: none. */
  bribes?: number
  /** Tokens earned off chain for bad results that became final (hosts.cheatGain); absent: 0. */
  cheatGains?: number
}

/**
 * A decoder run's books, in tokens (priced at 1 USD each for decoder runs, so fees, slashes and
 * compute share one unit) from sim/cost's roofline rather than FLOPs × costPerFlop.
 */
export type GenerationTally = {
  /** Output tokens of the jobs the network served (once per job, whatever k). */
  tokens: number
  /** Honest generation cost of those jobs. */
  usefulCost: number
  /** Checkers' prefills, and replication's extra generations. */
  verifierCost: number
  /** The referee's prefills. */
  refereeCost: number
  /** Output tokens a cheating host's test had seen when it convicted, one entry per conviction. */
  detectionTokens: number[]
}

/** A catalog run's hosting books (sim/hosting), in tokens and virtual seconds. */
export type HostingTally = {
  /** What verifiers paid to hold the models they check, and to load those they lacked. */
  verifierHolding: number
  verifierLoading: number
  /** What hosts paid to hold and load models (their compute cost, not verification). */
  hostHolding: number
  hostLoading: number
  /** Jobs that waited for a host's cold load. */
  coldJobs: number
  /** Seconds each of those waited, from its request to the end of the load. */
  coldWaits: number[]
}

/** What the run loop counts; everything here is known exactly from the run's own events. */
export type Tallies = {
  /** Jobs the network served (each runs as one result, or k in replication). */
  jobs: number
  results: number
  honestResults: number
  badResults: number
  /** Bad results that reached finality unchallenged. */
  badFinalized: number
  badSlashed: number
  honestSlashed: number
  usefulFlops: number
  verifierFlops: number
  refereeFlops: number
  /** Gas of calls that exist only because of verification (challenges and their resolution). */
  verificationGas: bigint
  /** Gas of every protocol call after set-up. */
  protocolGas: bigint
  finalityLatencies: number[]
  /** Their running sum, in push order: a requester's expected latency without a pass over all. */
  finalityLatencySum: number
  /**
   * Seconds each block that committed results waited for their inferences (settlement inline:
   * their sum, preExecuted: the slowest); empty under async settlement.
   */
  blockLatencies: number[]
  /** Virtual seconds from a bad result's request to its slash. */
  detectionLatencies: number[]
  hosts: HostTally[]
  /** Requests offered, and those that chose the network over the centralized baseline. */
  offeredJobs: number
  networkJobs: number
  /** Bad results refunded without a slash (replication without consensus). */
  badRefunded: number
  /** Modeled costs of verification (TEE or zk compute overhead), in tokens. */
  modeledCost: number
  /** Forced-error jackpots paid to checkers, in tokens. */
  jackpots: number
  /** Bribes shielded hosts paid colluding verifiers, in tokens (verifiers.coalition.bribe). */
  bribes: number
  /** Fees paid out to hosts, in tokens. */
  networkFees: number
  /** Tokens emitted to hosts (economics.emissions). */
  emitted: number
  /** Slashes (of bad and honest results) by the slashed job's Job.offer: what the market's public signals attribute. */
  slashesByOffer: number[]
  /** Virtual seconds from the first request to the last finality. */
  elapsed: number
  /** Decoder runs only: the generation books, which replace the FLOP figures above. */
  generation?: GenerationTally
  /** Catalog runs only: holding, loading and cold starts. */
  hosting?: HostingTally
}

export type Economics = { costPerFlop: number; gasPrice: number }

type HostClass = 'honest' | 'cheater'

/** A run without a demand market gives its metrics no value. */
const NO_MARKET = Object.fromEntries(MARKET_METRIC_NAMES.map((name) => [name, null])) as MarketMetrics

const ratio = (num: number, den: number) => (den > 0 ? num / den : null)

/**
 * The metric definitions of DESIGN.md, in one place:
 * - verification overhead = (verifier + referee compute + verification gas cost) ÷ useful compute;
 * - undetected fraud rate = bad results that reached finality ÷ all results;
 * - detection rate = bad results slashed ÷ bad results;
 * - false-slash rate = honest results slashed ÷ honest results;
 * - returns = (fees paid − compute cost − slashes − bribes paid) per token staked per hour, averaged over
 *   honest hosts and over cheaters (lazy, adaptive and rational);
 * - cost per verified inference = (useful + verification compute, all protocol gas, modeled
 *   costs and jackpots) ÷ results that reached finality;
 * - adoption share = requests that chose the network ÷ requests offered;
 * - block latency P50/P95 = seconds a block that commits results waits for their inferences:
 *   their sum when they run in line, the slowest when pre-executed (settlement); null under async;
 * - gas per job = all protocol gas after set-up ÷ jobs served (not results: a replicated job
 *   pays for its k results).
 * Decoder runs price compute from the roofline in tokens instead of FLOPs (GenerationTally):
 * verification overhead is then verification cost ÷ honest generation cost, and they add
 * - tokens generated = output tokens of the jobs served;
 * - generation cost per token = honest generation cost ÷ tokens generated;
 * - verification cost per token = (verifier + referee compute, and a TEE's or prover's modeled
 *   extra compute) ÷ tokens generated: verification compute, without gas;
 * - detection latency in tokens = mean output tokens a cheating host's sequential test had
 *   observed when it convicted.
 * A catalog run (spec.catalog) counts verifiers' holding and loading of models in verification
 * cost, and splits verification overhead into
 * - overhead_reexecution = (verifier + referee compute, modeled TEE or prover compute) ÷ useful compute;
 * - overhead_holding = verifiers' holding and loading of models ÷ useful compute;
 * - overhead_gas = verification gas cost ÷ useful compute (the three add up to verification_overhead);
 * - cold_starts = jobs that waited for a host's cold load ÷ jobs served;
 * - cold_start_latency_p95 = 95th percentile of those waits (0 when no job waited).
 * A demand-market run (spec.demand) adds `market`, its book's metrics (MARKET_METRIC_NAMES, defined
 * in sim/market/createMarketBook.ts); every other run gives them null.
 */
export function computeMetrics(
  t: Tallies,
  economics: Economics,
  market: MarketMetrics | null = null,
): Metrics {
  const { costPerFlop, gasPrice } = economics
  const g = t.generation
  const checkCompute = g ? g.verifierCost + g.refereeCost : (t.verifierFlops + t.refereeFlops) * costPerFlop
  const usefulCompute = g ? g.usefulCost : t.usefulFlops * costPerFlop
  // Modeled TEE or prover compute is the verifier compute of those modes.
  const h = t.hosting
  // A verifier must hold what it checks: holding and loading it is verification cost.
  const hostingCost = h ? h.verifierHolding + h.verifierLoading : 0
  const gasCost = Number(t.verificationGas) * gasPrice
  const verificationCost = checkCompute + gasCost + t.modeledCost + hostingCost
  const hours = t.elapsed / 3600
  const classReturn = (kind: HostClass) => {
    const hosts = t.hosts.filter(
      (h) => (h.behaviour === 'honest') === (kind === 'honest') && h.status?.state !== 'reserve',
    )
    if (hosts.length === 0 || hours <= 0) return null
    let sum = 0
    for (const h of hosts)
      sum +=
        (fromUnits(h.revenue) +
          (h.cheatGains ?? 0) -
          h.computeCost -
          fromUnits(h.slashed) -
          (h.bribes ?? 0)) /
        h.stake /
        hours
    return sum / hosts.length
  }
  return {
    verification_overhead: ratio(verificationCost, usefulCompute),
    undetected_fraud_rate: ratio(t.badFinalized, t.results),
    detection_rate: ratio(t.badSlashed, t.badResults),
    false_slash_rate: ratio(t.honestSlashed, t.honestResults),
    cheater_return: classReturn('cheater'),
    honest_return: classReturn('honest'),
    gas_per_job: ratio(Number(t.protocolGas), t.jobs),
    finality_latency_p50: percentile(t.finalityLatencies, 0.5),
    finality_latency_p95: percentile(t.finalityLatencies, 0.95),
    block_latency_p50: percentile(t.blockLatencies, 0.5),
    block_latency_p95: percentile(t.blockLatencies, 0.95),
    time_to_detection_p50: percentile(t.detectionLatencies, 0.5),
    cost_per_verified_inference: ratio(
      (g ? usefulCompute + checkCompute : (t.usefulFlops + t.verifierFlops + t.refereeFlops) * costPerFlop) +
        t.modeledCost +
        hostingCost +
        Number(t.protocolGas) * gasPrice +
        t.jackpots,
      t.finalityLatencies.length,
    ),
    adoption_share: ratio(t.networkJobs, t.offeredJobs),
    tokens_generated: g ? g.tokens : null,
    generation_cost_per_token: g ? ratio(g.usefulCost, g.tokens) : null,
    // A modeled TEE's or prover's extra compute is those modes' verification, as above.
    verification_cost_per_token: g ? ratio(g.verifierCost + g.refereeCost + t.modeledCost, g.tokens) : null,
    detection_latency_tokens: g ? ratio(sumOf(g.detectionTokens), g.detectionTokens.length) : null,
    overhead_reexecution: h ? ratio(checkCompute + t.modeledCost, usefulCompute) : null,
    overhead_holding: h ? ratio(hostingCost, usefulCompute) : null,
    overhead_gas: h ? ratio(gasCost, usefulCompute) : null,
    cold_starts: h ? ratio(h.coldJobs, t.jobs) : null,
    cold_start_latency_p95: h ? (percentile(h.coldWaits, 0.95) ?? 0) : null,
    ...(market ?? NO_MARKET),
  }
}

function sumOf(values: readonly number[]): number {
  let sum = 0
  for (const v of values) sum += v
  return sum
}
