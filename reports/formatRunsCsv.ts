import { METRIC_NAMES } from '../sim/index.ts'
import { formatCsvCell } from './formatCsvCell.ts'
import type { SweepRecord } from './writeRunFolder.ts'

/**
 * runs.csv, for a run and a sweep alike: one tidy row per run with the point's parameters
 * (`paths`), replicate, seed, mode, the model's size (FLOPs of one honest inference and its
 * parameter count: the x-axis of a model-size study, whatever field the sweep varied), the
 * tolerance the run compared at (`tolerance_used`, 0 for exact), every metric and count, the
 * virtual seconds, and what the run modeled rather than executed (notes joined by '; ', empty
 * when everything was executed). A folder with demand-market runs adds `weight`, the
 * super-individual weight behind every market figure (empty for a run without).
 *
 * `tolerance_used` is always there, not only under `tolerance: auto`: a row's false slashes and
 * detections are read against the threshold that produced them, which auto measures per model
 * and a sweep may vary, and runs.csv files of different scenarios keep the same columns. It is
 * named apart from a swept `tolerance` column, which may say `auto`.
 */
export function formatRunsCsv(paths: readonly string[], records: readonly SweepRecord[]): string {
  const countNames = records[0] ? Object.keys(records[0].counts) : []
  const market = records.some((r) => r.market)
  const header = [
    'point',
    ...paths,
    'replicate',
    'seed',
    'mode',
    'model_flops',
    'model_parameters',
    'tolerance_used',
    ...(market ? ['weight'] : []),
    ...METRIC_NAMES,
    ...countNames,
    'virtual_seconds',
    'modeled',
  ]
  const rows = records.map((r) =>
    [
      r.point,
      ...paths.map((p) => r.params[p]),
      r.replicate,
      r.seed,
      r.mode,
      r.model.flops.honest,
      r.model.parameters,
      r.tolerance,
      ...(market ? [r.market?.weight] : []),
      ...METRIC_NAMES.map((m) => r.metrics[m]),
      ...countNames.map((c) => r.counts[c]),
      r.elapsed,
      r.modeled.join('; '),
    ]
      .map(formatCsvCell)
      .join(','),
  )
  return `${[header.join(','), ...rows].join('\n')}\n`
}
