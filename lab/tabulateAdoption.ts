import type { SweepRecord, SweepSummary } from '../reports/index.ts'
import type { MetricName } from '../sim/index.ts'
import type { PlannedRun } from './planScenario.ts'

/** The market figures a verification-premium table shows, each as mean and 95% CI over replicates. */
export const ADOPTION_METRICS = [
  'production_adoption_share',
  'production_share',
  'cost_per_verified_inference',
  'undetected_fraud_rate',
] as const satisfies readonly MetricName[]

export type AdoptionMetric = (typeof ADOPTION_METRICS)[number]

// Not executed: their checks are overhead factors and trust assumptions (sim/modes/createAttestedMode).
const MODELED = new Set(['tee', 'zk'])

/** One point of a demand sweep: what the network charged, against what, and the demand it kept. */
export type AdoptionRow = {
  point: number
  /** The verification mode, with k under replication (`replication k=2`); tee and zk say they are modeled. */
  mode: string
  /** FLOPs of one honest inference of the point's model (from its runs). */
  flops: number | null
  /** What a requester pays the network per request: the fee times the replicas it pays for. */
  networkPrice: number
  /** The cheapest centralized provider's price per request; null when the market has none. */
  centralPrice: number | null
  runs: number
  metrics: Record<AdoptionMetric, { mean: number | null; ci95: [number, number] | null }>
}

/**
 * A demand sweep (a scenario with `demand:`) as one row per point, in point order: the mode and
 * model size, the network's price as requesters see it (a replicated job is paid k times, as
 * sim/market prices it) against the cheapest centralized price, and the summary's estimates of
 * the market metrics. Points with no finished run are left out (a shard's sweep).
 */
export function tabulateAdoption(sweep: {
  runs: readonly Pick<PlannedRun, 'point' | 'spec'>[]
  records: readonly SweepRecord[]
  summary: Pick<SweepSummary, 'points'>
}): AdoptionRow[] {
  const rows: AdoptionRow[] = []
  const points = [...new Set(sweep.records.map((r) => r.point))].sort((a, b) => a - b)
  for (const point of points) {
    const spec = sweep.runs.find((r) => r.point === point)?.spec
    const summary = sweep.summary.points[point]
    if (!spec || !summary) continue
    const records = sweep.records.filter((r) => r.point === point)
    const { mode, k } = spec.protocol
    const prices = (spec.demand?.providers ?? []).map((p) => p.price)
    const none = { mean: null, ci95: null }
    rows.push({
      point,
      mode: mode === 'replication' ? `replication k=${k}` : MODELED.has(mode) ? `${mode} (modeled)` : mode,
      flops: records[0]?.model.flops.honest ?? null,
      networkPrice: spec.requesters.fee * (mode === 'replication' ? k : 1),
      centralPrice: prices.length ? Math.min(...prices) : null,
      runs: records.length,
      metrics: Object.fromEntries(
        ADOPTION_METRICS.map((name) => [name, summary.metrics[name] ?? none]),
      ) as AdoptionRow['metrics'],
    })
  }
  return rows
}
