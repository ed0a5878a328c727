import { METRIC_RANGES } from '../metricRanges.ts'
import { axisRange } from './axisRange.ts'
import { bandTraces } from './bandTraces.ts'
import type { Figure, FigureContext, Group } from './figureContext.ts'

/** Undetected fraud and false slashes against the swept value, each inside [0, 1]. */
export function fraudRates(ctx: FigureContext): Figure[] {
  const { groups, axis, points } = ctx
  if (points.length < 2) return []
  const single = groups.length === 1
  const label = (g: Group, name: string) => (g.label ? `${name} (${g.label})` : name)
  const xaxis = { title: { text: axis.title }, ...(axis.log ? { type: 'log' } : {}) }
  const rates = groups.flatMap((g) => [
    ...bandTraces(
      g.points,
      'undetected_fraud_rate',
      label(g, 'undetected fraud'),
      single ? '#d62728' : g.color,
      g.points.map(axis.x),
      'solid',
    ),
    ...bandTraces(
      g.points,
      'false_slash_rate',
      label(g, 'false slashes'),
      single ? '#9467bd' : g.color,
      g.points.map(axis.x),
      'dot',
    ),
  ])
  return [
    {
      id: 'fraud-rates',
      title: `Undetected fraud and false-slash rates vs ${axis.title}`,
      data: rates,
      layout: {
        xaxis,
        yaxis: {
          title: { text: 'share of results' },
          range: axisRange(
            rates.flatMap((t) => t.y),
            METRIC_RANGES.undetected_fraud_rate,
          ),
        },
      },
      caption: `How much fraud gets through, and how often honest hosts are wrongly slashed, against ${axis.title}: both should stay near zero where the protocol works.${ctx.modeled}`,
      note: 'solid: bad results that reached finality; dotted: honest results slashed; bands: 95% intervals of the rate pooled over replicates (Wilson score and the replicates’ spread, never outside [0, 1])',
    },
  ]
}
