import { METRIC_RANGES } from '../metricRanges.ts'
import type { Figure, FigureContext } from './figureContext.ts'

const TITLE = 'Share of requests that chose the network over time'

/**
 * The share of requests that chose the network, over virtual time; a note instead when the share
 * never moves (no scenario today lets requesters choose, so it is 1.0 by construction).
 */
export function adoptionOverTime(ctx: FigureContext): Figure[] {
  const { series, records } = ctx
  // One point's timeline draws its adoption beside the other shares, or says why it does not.
  if (ctx.points.length === 1 && ctx.input.timeline) return []
  const shares = records.flatMap((r) => r.adoption.map((b) => b.share)).filter((s): s is number => s !== null)
  const distinct = new Set(shares)
  if (distinct.size <= 1) {
    const value = shares[0]
    return [
      {
        id: 'adoption',
        title: TITLE,
        data: [],
        layout: {},
        caption: '',
        note:
          value === undefined
            ? 'No run recorded an adoption share, so there is nothing to plot.'
            : `The share is ${value} at every time of every run: nothing in this scenario lets requesters move between the network and the centralized baseline (a scenario with a demand market does), so it is constant by construction and not plotted.`,
      },
    ]
  }
  const adoption = series.groups.map((s) => {
    const times = [...new Set(s.records.flatMap((r) => r.adoption.map((b) => b.t)))].sort((a, b) => a - b)
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: s.label,
      x: times,
      y: times.map((t) => mean(s.records.map((r) => r.adoption.find((b) => b.t === t)?.share ?? null))),
      line: { color: s.color },
      // A share of exactly 0 or 1 sits on the axis's edge: its marker is drawn whole.
      cliponaxis: false,
    }
  })
  return [
    {
      id: 'adoption',
      title: `${TITLE} (${series.by})`,
      data: adoption,
      layout: {
        xaxis: { title: { text: 'virtual time (s)' } },
        yaxis: {
          title: { text: 'share (mean over runs)' },
          range: [METRIC_RANGES.adoption_share.min, METRIC_RANGES.adoption_share.max],
        },
      },
      caption: `How many requests picked the network over the centralized baseline as the run went on (mean over runs at each time): a falling line is demand the network loses.${ctx.modeled}`,
    },
  ]
}

function mean(values: (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null)
  return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null
}
