import { METRIC_NAMES } from '../sim/index.ts'
import type { PointSummary } from './aggregatePoints.ts'
import { formatCsvCell } from './formatCsvCell.ts'

/**
 * summary.csv, for a run and a sweep alike: summary.json's estimates in long format, one row per
 * point and metric, with the point's parameters (`paths`), the replicates behind it (`n`), the
 * mean and the 95% interval (`lower`, `upper`; empty for one replicate, and every estimate empty
 * where the metric is undefined). A data frame filters and plots it without unnesting JSON.
 */
export function formatSummaryCsv(paths: readonly string[], points: readonly PointSummary[]): string {
  const header = ['point', ...paths, 'metric', 'n', 'mean', 'lower', 'upper']
  const rows = points.flatMap((p) =>
    METRIC_NAMES.map((name) => {
      const { mean, ci95 } = p.metrics[name]
      return [p.point, ...paths.map((path) => p.params[path]), name, p.replicates, mean, ci95?.[0], ci95?.[1]]
        .map(formatCsvCell)
        .join(',')
    }),
  )
  return `${[header.join(','), ...rows].join('\n')}\n`
}
