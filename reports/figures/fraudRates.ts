import { METRIC_RANGES } from '../metricRanges.ts'
import { axisRange } from './axisRange.ts'
import { bandTraces } from './bandTraces.ts'
import type { Figure, FigureContext } from './figureContext.ts'
import { panelGrid } from './panelGrid.ts'

const FRAUD = '#d62728'
const FALSE_SLASH = '#9467bd'

/**
 * Undetected fraud and false slashes against the swept value, one panel per line as the returns
 * are, each band inside [0, 1] and the shared y axis never below 0.
 */
export function fraudRates(ctx: FigureContext): Figure[] {
  const { groups, axis, points } = ctx
  if (points.length < 2) return []
  const data = groups.flatMap((g, i) => {
    const where = g.label ? `, ${g.label}` : ''
    const line = (name: string) => ({
      xaxis: i === 0 ? 'x' : `x${i + 1}`,
      yaxis: i === 0 ? 'y' : `y${i + 1}`,
      legendgroup: name,
      showlegend: i === 0,
      hovertemplate: `%{y:.3g}<extra>${name}${where}</extra>`,
    })
    const x = g.points.map(axis.x)
    return [
      ...bandTraces(
        g.points,
        'undetected_fraud_rate',
        'undetected fraud',
        FRAUD,
        x,
        'solid',
        line('undetected fraud'),
      ),
      ...bandTraces(
        g.points,
        'false_slash_rate',
        'false slashes',
        FALSE_SLASH,
        x,
        'dot',
        line('false slashes'),
      ),
    ]
  })
  const grid = panelGrid(
    groups.map((g) => g.label || 'all points'),
    axis,
    {
      title: 'share of results',
      range: axisRange(
        data.flatMap((t) => t.y),
        METRIC_RANGES.undetected_fraud_rate,
      ),
    },
  )
  return [
    {
      id: 'fraud-rates',
      title: `Undetected fraud and false-slash rates vs ${axis.title}${groups.length > 1 ? `, one panel per ${groups.every((g) => g.label === g.mode) ? 'mode' : 'setting'}` : ''}`,
      data,
      layout: grid.layout,
      caption: `How much fraud gets through, and how often honest hosts are wrongly slashed, against ${axis.title}: both should stay near zero where the protocol works.${ctx.modeled}`,
      note: 'solid red: bad results that reached finality; dotted purple: honest results slashed; bands: 95% intervals of the rate pooled over replicates (Wilson score and the replicates’ spread, never outside [0, 1]); panels share both axes',
    },
  ]
}
