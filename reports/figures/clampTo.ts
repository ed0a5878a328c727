import type { MetricRange } from '../metricRanges.ts'

/** A value moved into a metric's range (null stays null: plotly leaves a gap). */
export function clampTo(range: MetricRange) {
  return (value: number | null) => (value === null ? null : Math.min(range.max, Math.max(range.min, value)))
}
