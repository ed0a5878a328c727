import type { MetricName } from '../../sim/index.ts'
import type { PointSummary } from '../aggregatePoints.ts'
import { METRIC_RANGES } from '../metricRanges.ts'
import { clampTo } from './clampTo.ts'

/** A line of a band figure: what the axis range is computed from. */
export type BandTrace = { y: (number | null)[] } & Record<string, unknown>

/**
 * A metric's mean as a line over its 95% interval as a filled band, both cut to the metric's
 * range (METRIC_RANGES), so a band never draws a rate below 0.
 */
export function bandTraces(
  points: readonly PointSummary[],
  metric: MetricName,
  name: string,
  color: string,
  x: number[],
  dash: 'solid' | 'dash' | 'dot',
  /** Extra keys for all three traces (a subplot's axes, a legend group). */
  extra: Record<string, unknown> = {},
): BandTrace[] {
  const m = points.map((p) => p.metrics[metric])
  const inRange = clampTo(METRIC_RANGES[metric])
  const lower = m.map((e) => inRange(e.ci95?.[0] ?? e.mean))
  const upper = m.map((e) => inRange(e.ci95?.[1] ?? e.mean))
  return [
    {
      ...extra,
      type: 'scatter',
      mode: 'lines',
      x,
      y: lower,
      line: { width: 0 },
      showlegend: false,
      hoverinfo: 'skip',
      name: `${name} low`,
    },
    {
      ...extra,
      type: 'scatter',
      mode: 'lines',
      x,
      y: upper,
      fill: 'tonexty',
      fillcolor: `${color}33`,
      line: { width: 0 },
      showlegend: false,
      hoverinfo: 'skip',
      name: `${name} high`,
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      x,
      y: m.map((e) => inRange(e.mean)),
      name,
      line: { color, dash },
      // A rate of exactly 0 sits on the axis's edge: its marker is drawn whole.
      cliponaxis: false,
      ...extra,
    },
  ]
}
