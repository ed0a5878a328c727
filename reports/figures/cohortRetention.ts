import { retainedVolume } from '../../sim/index.ts'
import { cohortVolumes } from './cohortVolumes.ts'
import type { Figure, FigureContext } from './figureContext.ts'
import { marketOf } from './marketOf.ts'

/** R(N) is measured against each cohort's period 3 (sim/demand/retainedVolume). */
const BASE = 3

/**
 * One line per arrival cohort: its production network volume in its period N ÷ in its period 3.
 * Lines that stay near 1 are developers who kept their production traffic on the network.
 */
export function cohortRetention(ctx: FigureContext): Figure[] {
  const market = marketOf(ctx)
  if (!market) return []
  const title = 'Retention by arrival cohort: R(N), production network volume in period N ÷ period 3'
  const cohorts = cohortVolumes(market, market.production)
  const data = [...cohorts.entries()].flatMap(([cohort, volumes], i, all) => {
    const ns = volumes.map((_, n) => n).filter((n) => n >= BASE)
    const y = ns.map((n) => retainedVolume(volumes, n))
    if (y.every((v) => v === null)) return []
    return [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: `cohort ${cohort}`,
        x: ns,
        y,
        line: { color: shade(i, all.length) },
      },
    ]
  })
  if (data.length === 0)
    return [
      {
        id: 'cohort-retention',
        title,
        data: [],
        layout: {},
        note:
          market.production.length === 0
            ? 'No segment counts as production (every segment ended trials), so there is no production retention to plot.'
            : `No arrival cohort had production network volume in its period ${BASE} within the run's ${market.periods.length} periods, so R(N) is undefined for every cohort.`,
      },
    ]
  return [
    {
      id: 'cohort-retention',
      title,
      data,
      layout: {
        xaxis: {
          title: { text: `periods since the cohort arrived (N; periods of ${market.periodText})` },
          dtick: 1,
        },
        yaxis: { title: { text: 'R(N) (1 = the volume of period 3)' }, rangemode: 'tozero' },
        shapes: [
          {
            type: 'line',
            xref: 'paper',
            x0: 0,
            x1: 1,
            y0: 1,
            y1: 1,
            line: { color: '#888', width: 1, dash: 'dot' },
          },
        ],
      },
      caption: `Each line is the requesters who arrived in one period (a cohort), production segments only (${market.production.join(', ')}${market.productionInferred ? ': the segments that never ran a trial' : ''}): their network volume N periods after arriving, relative to their period ${BASE}, when trial traffic has settled. Near the dotted 1 they kept their traffic on the network; falling lines are production demand lost. A cohort with no production volume in its period ${BASE} has no line.${ctx.modeled}`,
    },
  ]
}

/** Early cohorts dark, late ones light, so the lines read in arrival order. */
function shade(i: number, n: number): string {
  const t = n > 1 ? i / (n - 1) : 0
  const channel = (from: number, to: number) => Math.round(from + (to - from) * t)
  return `rgb(${channel(8, 158)}, ${channel(48, 202)}, ${channel(107, 225)})`
}
