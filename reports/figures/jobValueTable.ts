import type { Figure, FigureContext } from './figureContext.ts'

const format = (x: number | null) =>
  x === null ? '–' : Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(2)

/**
 * With a fee draw (requesters.fee a distribution), a single point's books by job value (its first
 * replicate's): whether cheating pays at each value, which one average over every job hides. A
 * sweep draws none: each run's runs/<point>-<replicate>.json holds its value_table.
 */
export function jobValueTable(ctx: FigureContext): Figure[] {
  if (ctx.points.length !== 1) return []
  return ctx.records.slice(0, 1).flatMap((record) => {
    const rows = record.value_table
    if (!rows || rows.length === 0) return []
    const label = ctx.records.length === 1 ? '' : ` (replicate ${record.replicate})`
    return [
      {
        id: `job-value-${record.point}-${record.replicate}`,
        title: `Does cheating pay, job value by job value?${label}`,
        data: [],
        layout: {},
        table: {
          columns: ['fee (tokens)', 'results', 'bad', 'slashes', 'honest per job', 'cheater per job'],
          rows: rows.map((r) => [
            r.fee_min === r.fee_max ? format(r.fee_min) : `${format(r.fee_min)} – ${format(r.fee_max)}`,
            String(r.results),
            String(r.bad_results),
            String(r.slashes),
            format(r.honest_return_per_job),
            format(r.cheater_return_per_job),
          ]),
        },
        caption:
          'Each requester drew its own fee (its jobs’ value). Per value: results served, bad results, slashes, and what honest and cheating (lazy, adaptive) hosts earned per result, in tokens: fees paid plus cheat gains (hosts.cheatGain), less compute and slashes. Cheating pays at a value where the cheater column exceeds the honest one. summary.json’s by_job_value has the same rows.',
      },
    ]
  })
}
