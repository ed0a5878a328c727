import { METRIC_NAMES } from '../sim/computeMetrics.ts'
import type { RunResult } from '../sim/runSimulation.ts'
import type { RunSpec } from '../sim/runSpec.ts'

export type RunRow = { spec: RunSpec; result: RunResult }

const COUNT_NAMES = [
  'jobs',
  'honest_results',
  'bad_results',
  'detected',
  'undetected',
  'false_slashes',
  'checks',
  'disputes',
  'missed_challenges',
  'dropped_jobs',
  'blocks',
] as const satisfies readonly (keyof RunResult['counts'])[]

const cell = (value: string | number | null) => {
  if (value === null) return ''
  const text = String(value)
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** runs.csv: one tidy row per run, every metric a column, empty cells for undefined metrics. */
export function formatRunsCsv(rows: readonly RunRow[]): string {
  const header = ['scenario', 'mode', 'seed', 'replicate', ...METRIC_NAMES, ...COUNT_NAMES]
  const lines = [header.join(',')]
  for (const { spec, result } of rows) {
    lines.push(
      [
        spec.name,
        spec.protocol.mode,
        spec.seed,
        spec.replicate,
        ...METRIC_NAMES.map((m) => result.metrics[m]),
        ...COUNT_NAMES.map((c) => result.counts[c]),
      ]
        .map(cell)
        .join(','),
    )
  }
  return `${lines.join('\n')}\n`
}
