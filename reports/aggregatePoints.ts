import { METRIC_NAMES, type MetricName } from '../sim/index.ts'
import { METRIC_RANGES } from './metricRanges.ts'
import { summarizeRate } from './summarizeRate.ts'
import { type Estimate, summarizeSamples } from './summarizeSamples.ts'

/** What one finished run contributes to a sweep: enough to aggregate and to write runs.csv. */
export type RunRecord = {
  point: number
  replicate: number
  seed: number
  params: Record<string, unknown>
  metrics: Record<MetricName, number | null>
  counts: Record<string, number>
}

export type PointSummary = {
  point: number
  params: Record<string, unknown>
  replicates: number
  metrics: Record<MetricName, { mean: number | null; ci95: [number, number] | null }>
}

/**
 * Every metric of each point as mean and 95% CI over its replicates, points in index order, each
 * interval inside the metric's range (METRIC_RANGES): a rate the runs count is pooled over the
 * replicates (summarizeRate), any other metric is a Student-t interval cut to its range.
 */
export function aggregatePoints(runs: readonly RunRecord[]): PointSummary[] {
  const byPoint = new Map<number, RunRecord[]>()
  for (const run of runs) {
    const list = byPoint.get(run.point) ?? []
    list.push(run)
    byPoint.set(run.point, list)
  }
  return [...byPoint.entries()]
    .sort(([a], [b]) => a - b)
    .map(([point, list]) => {
      list.sort((a, b) => a.replicate - b.replicate)
      const metrics = Object.fromEntries(
        METRIC_NAMES.map((name) => {
          const { mean, ci95 }: Estimate = estimate(name, list)
          return [name, { mean, ci95 }]
        }),
      ) as PointSummary['metrics']
      return { point, params: (list[0] as RunRecord).params, replicates: list.length, metrics }
    })
}

function estimate(name: MetricName, runs: readonly RunRecord[]): Estimate {
  const range = METRIC_RANGES[name]
  const values = runs.map((r) => r.metrics[name])
  const { ratio } = range
  if (ratio && values.every((v) => v !== null)) {
    const counts = runs.map((r) => ratio(r.counts))
    if (counts.every((c) => c !== null)) return summarizeRate(counts as [number, number][])
  }
  return summarizeSamples(values, range)
}
