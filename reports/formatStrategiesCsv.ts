import { formatCsvCell } from './formatCsvCell.ts'
import type { SweepRecord } from './writeRunFolder.ts'

/**
 * strategies.csv: each run's rational hosts' mean cheat probability and rational verifiers' mean
 * check probability at evenly spaced virtual times, one row per time (a column is empty when the
 * run has no such agent); point and replicate say whose row it is. Undefined when no run has
 * rational hosts or verifiers, so the file is written only for runs that have them.
 */
export function formatStrategiesCsv(records: readonly SweepRecord[]): string | undefined {
  const withStrategies = records.filter((r) => r.strategies)
  if (withStrategies.length === 0) return undefined
  const lines = ['point,replicate,t,cheat,check']
  for (const r of withStrategies)
    for (const row of r.strategies?.rows ?? [])
      lines.push([r.point, r.replicate, row.t, row.cheat, row.check].map(formatCsvCell).join(','))
  return `${lines.join('\n')}\n`
}
