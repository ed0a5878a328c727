import type { Figure, FigureContext } from './figureContext.ts'
import { marketOf } from './marketOf.ts'

/**
 * Network volume by arrival cohort (rows) and period (columns), every segment: where the
 * network's traffic comes from as the run goes on, old cohorts staying or new ones replacing them.
 */
export function cohortHeatmap(ctx: FigureContext): Figure[] {
  const market = marketOf(ctx)
  if (!market) return []
  const title = 'Network volume by arrival cohort and period'
  const cohorts = [...new Set(market.periods.flatMap((p) => Object.keys(p.cohorts).map(Number)))].sort(
    (a, b) => a - b,
  )
  const periods = market.periods.map((p) => p.period)
  // A period before the cohort arrived is empty (null), not a volume of 0.
  const z = cohorts.map((cohort) =>
    market.periods.map((row) => {
      if (row.period < cohort) return null
      const bySegment = row.cohorts[String(cohort)]
      return bySegment ? Object.values(bySegment).reduce((a, b) => a + b, 0) : 0
    }),
  )
  if (!z.some((row) => row.some((v) => v !== null && v > 0)))
    return [
      {
        id: 'cohort-volume',
        title,
        data: [],
        layout: {},
        note: `No cohort sent the network any request in the run's ${market.periods.length} periods, so there is no cohort volume to map.`,
      },
    ]
  return [
    {
      id: 'cohort-volume',
      title,
      data: [
        {
          type: 'heatmap',
          x: periods,
          y: cohorts,
          z,
          colorscale: 'Blues',
          reversescale: true,
          zmin: 0,
          colorbar: { title: { text: 'real requests' } },
          hovertemplate: 'cohort %{y}, period %{x}: %{z} real requests<extra></extra>',
        },
      ],
      layout: {
        xaxis: { title: { text: `period (${market.periodText} each)` } },
        yaxis: { title: { text: 'arrival cohort (the period it arrived in)' }, autorange: 'reversed' },
      },
      caption: `Each cell is the real requests (each simulated request stands for ${market.weight}) that requesters who arrived in one period (row) sent the network in a later period (column), all segments; blank cells are periods before the cohort arrived. Colour fading along a row is a cohort leaving; a dark diagonal edge with pale rows above it is a network living on newcomers.${market.partial ? ` The last column, period ${market.partial.period}, is partial (the run ended inside it): its paler cells are less time, not cohorts leaving.` : ''}${ctx.modeled}`,
    },
  ]
}
