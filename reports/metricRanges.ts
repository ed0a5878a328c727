import type { MetricName } from '../sim/index.ts'

/**
 * What a metric can be: the interval its values live in and, for a rate, the two run counts it
 * is the ratio of. The statistics (aggregatePoints) and the report (buildFigures) both read
 * this table, so an interval and a plot can never disagree about where a metric ends.
 */
export type MetricRange = {
  min: number
  max: number
  /** Numerator and denominator from a run's counts; null when the counts lack them. */
  ratio?: (counts: Readonly<Record<string, number>>) => [number, number] | null
}

const count = (counts: Readonly<Record<string, number>>, name: string) =>
  typeof counts[name] === 'number' ? counts[name] : null

const ratioOf =
  (numerator: readonly string[], denominator: readonly string[]) =>
  (counts: Readonly<Record<string, number>>): [number, number] | null => {
    const sum = (names: readonly string[]) => {
      let total = 0
      for (const name of names) {
        const value = count(counts, name)
        if (value === null) return null
        total += value
      }
      return total
    }
    const x = sum(numerator)
    const m = sum(denominator)
    return x === null || m === null ? null : [x, m]
  }

const share = (ratio: MetricRange['ratio']): MetricRange => ({ min: 0, max: 1, ratio })
const nonNegative: MetricRange = { min: 0, max: Number.POSITIVE_INFINITY }
const signed: MetricRange = { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY }

// The ratios mirror computeMetrics: the network's requests are those it served (jobs) and those
// it took but could not serve (unserved_jobs); the rest went to the centralized baseline.
export const METRIC_RANGES: Readonly<Record<MetricName, MetricRange>> = {
  verification_overhead: nonNegative,
  undetected_fraud_rate: share(ratioOf(['undetected'], ['results'])),
  detection_rate: share(ratioOf(['detected'], ['bad_results'])),
  false_slash_rate: share(ratioOf(['false_slashes'], ['honest_results'])),
  cheater_return: signed,
  honest_return: signed,
  gas_per_job: nonNegative,
  finality_latency_p50: nonNegative,
  finality_latency_p95: nonNegative,
  block_latency_p50: nonNegative,
  block_latency_p95: nonNegative,
  time_to_detection_p50: nonNegative,
  cost_per_verified_inference: nonNegative,
  adoption_share: share(ratioOf(['jobs', 'unserved_jobs'], ['jobs', 'unserved_jobs', 'centralized_jobs'])),
  tokens_generated: nonNegative,
  generation_cost_per_token: nonNegative,
  verification_cost_per_token: nonNegative,
  detection_latency_tokens: nonNegative,
  overhead_reexecution: nonNegative,
  overhead_holding: nonNegative,
  overhead_gas: nonNegative,
  cold_starts: share(undefined),
  cold_start_latency_p95: nonNegative,
  // The market's shares are of real request volumes, which a run's counts do not hold.
  market_adoption_share: share(undefined),
  production_adoption_share: share(undefined),
  production_share: share(undefined),
  retained_production_volume: nonNegative,
  repeat_share: share(undefined),
  volume_per_active_requester: nonNegative,
  revenue_over_emissions: nonNegative,
  host_count_final: nonNegative,
  network_p95_latency: nonNegative,
  // 1 − after ÷ before: negative when production volume grew after the incident.
  incident_churn: { min: Number.NEGATIVE_INFINITY, max: 1 },
}

/**
 * The ranges of the single-run timeline's panels (figures/runTimeline), which are per window and
 * not run metrics: its shares (cheat rate, checked share, adoption) and its finality latency.
 */
export const TIMELINE_RANGES = {
  share: { min: 0, max: 1 },
  count: nonNegative,
  latency: METRIC_RANGES.finality_latency_p50,
} as const satisfies Record<string, MetricRange>
