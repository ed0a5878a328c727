import type { MetricRange } from '../metricRanges.ts'

/**
 * A y axis that holds `values` with 5% room either side but never reaches past the metric's
 * range: plotly's own autorange pads a line of zeros down to −0.05.
 */
export function axisRange(values: readonly (number | null)[], range: MetricRange): [number, number] {
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v))
  const low = defined.length ? Math.min(...defined) : range.min
  const high = defined.length ? Math.max(...defined) : range.max
  const width = Number.isFinite(range.max - range.min) ? range.max - range.min : 1
  const pad = high > low ? (high - low) * 0.05 : width * 0.05
  return [Math.max(range.min, low - pad), Math.min(range.max, high + pad)]
}
