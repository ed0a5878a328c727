import { METRIC_NAMES } from '../sim/computeMetrics.ts'
import type { RunResult } from '../sim/runSimulation.ts'
import type { RunSpec } from '../sim/runSpec.ts'

export type RunRow = { spec: RunSpec; result: RunResult }

const cell = (value: string | number | null) => {
  if (value === null) return ''
  const text = String(value)
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** runs.csv: one tidy row per run, every metric a column, empty cells for undefined metrics. */
export function formatRunsCsv(rows: readonly RunRow[]): string {
  // Counts keep the order the simulator declares them in, so the columns are stable.
  const countNames = rows[0] ? (Object.keys(rows[0].result.counts) as (keyof RunResult['counts'])[]) : []
  const header = ['scenario', 'mode', 'seed', 'replicate', ...METRIC_NAMES, ...countNames]
  const lines = [header.join(',')]
  for (const { spec, result } of rows) {
    lines.push(
      [
        spec.name,
        spec.protocol.mode,
        spec.seed,
        spec.replicate,
        ...METRIC_NAMES.map((m) => result.metrics[m]),
        ...countNames.map((c) => result.counts[c]),
      ]
        .map(cell)
        .join(','),
    )
  }
  return `${lines.join('\n')}\n`
}
