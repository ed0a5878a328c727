import { cohortVolumes } from './cohortVolumes.ts'
import type { Figure, FigureContext } from './figureContext.ts'
import { marketOf } from './marketOf.ts'
import { pooledRetention } from './pooledRetention.ts'

/** R(N) is measured against each cohort's period 3 (sim/demand/retainedVolume). */
const BASE = 3
/** More cohorts than this are pooled into this many lines. */
const MAX_LINES = 12

/**
 * One line per arrival cohort: its production network volume in its period N ÷ in its period 3.
 * Lines that stay near 1 are developers who kept their production traffic on the network.
 */
export function cohortRetention(ctx: FigureContext): Figure[] {
  const market = marketOf(ctx)
  if (!market) return []
  const title = 'Retention by arrival cohort: R(N), production network volume in period N ÷ period 3'
  // Past MAX_LINES cohorts, neighbouring cohorts are pooled into one line each (Σ volume in
  // period N ÷ Σ in period 3 over those that reached N), so a 180-day run stays readable and
  // quick to draw; the heatmap below keeps every cohort.
  const cohorts = [...cohortVolumes(market, market.production).entries()].filter(
    ([, volumes]) => (volumes[BASE] ?? 0) > 0,
  )
  const size = Math.ceil(cohorts.length / MAX_LINES)
  const groups = Array.from({ length: Math.ceil(cohorts.length / size) }, (_, i) =>
    cohorts.slice(i * size, (i + 1) * size),
  )
  const data = groups.flatMap((group, i) => {
    const longest = Math.max(...group.map(([, v]) => v.length))
    const ns = Array.from({ length: Math.max(0, longest - BASE) }, (_, k) => BASE + k)
    const y = ns.map((n) =>
      pooledRetention(
        group.map(([, v]) => v),
        n,
      ),
    )
    if (y.every((v) => v === null)) return []
    const first = group[0]?.[0]
    const last = group.at(-1)?.[0]
    return [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: first === last ? `cohort ${first}` : `cohorts ${first}–${last}`,
        x: ns,
        y,
        line: { color: shade(i, groups.length) },
      },
    ]
  })
  const pooledNote =
    size > 1
      ? ` ${cohorts.length} cohorts are pooled ${size} neighbours to a line (Σ volume in period N ÷ Σ in period ${BASE} over those that reached N).`
      : ''
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
          // A tick per period while they fit; past 30, plotly spaces them (180 labels overlap and slow the page).
          ...(market.periods.length <= 30 ? { dtick: 1 } : {}),
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
      caption: `Each line is the requesters who arrived in one period (a cohort), production segments only (${market.production.join(', ')}${market.productionInferred ? ': the segments that never ran a trial' : ''}): their network volume N periods after arriving, relative to their period ${BASE}, when trial traffic has settled. Near the dotted 1 they kept their traffic on the network; falling lines are production demand lost. A cohort with no production volume in its period ${BASE} has no line.${pooledNote}${ctx.modeled}`,
    },
  ]
}

/** Early cohorts dark, late ones light, so the lines read in arrival order. */
function shade(i: number, n: number): string {
  const t = n > 1 ? i / (n - 1) : 0
  const channel = (from: number, to: number) => Math.round(from + (to - from) * t)
  return `rgb(${channel(8, 158)}, ${channel(48, 202)}, ${channel(107, 225)})`
}
