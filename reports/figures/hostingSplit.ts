import type { Figure, FigureContext } from './figureContext.ts'

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(2)}%`)
const num = (x: number | null) => (x === null ? '–' : Number(x.toPrecision(4)).toString())
const paramsOf = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ') || 'the scenario'

/**
 * Catalog runs (scenario catalog:): verification overhead split into re-execution, holding and
 * loading, and gas, beside the cold starts, point by point (means over replicates). Runs without
 * a catalog have these metrics null and get no table.
 */
export function hostingSplit(ctx: FigureContext): Figure[] {
  const points = ctx.points.filter((p) => p.metrics.overhead_holding.mean !== null)
  if (points.length === 0) return []
  return [
    {
      id: 'hosting-split',
      title: 'Where verification overhead goes, and what cold starts cost',
      data: [],
      layout: {},
      table: {
        columns: [
          'point',
          'overhead',
          're-execution',
          'holding and loading',
          'gas',
          'jobs that waited for a load',
          'their p95 wait (s)',
        ],
        rows: points.map((p) => {
          const m = (name: keyof typeof p.metrics) => p.metrics[name].mean
          return [
            paramsOf(p.params),
            pct(m('verification_overhead')),
            pct(m('overhead_reexecution')),
            pct(m('overhead_holding')),
            pct(m('overhead_gas')),
            pct(m('cold_starts')),
            num(m('cold_start_latency_p95')),
          ]
        }),
      },
      caption:
        'Each share is of useful inference compute; the three parts add up to the overhead. Holding and loading is what verifiers pay to keep the models they check in memory and to load those they lack: modeled (catalog memory footprints, load bandwidths and holding costs are scenario figures, not measurements). A cold start is a job whose host had to load its model first; the wait is the storage queue and the transfer, in virtual seconds.',
    },
  ]
}
