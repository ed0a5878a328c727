import type { MetricRange } from '../metricRanges.ts'
import { clampTo } from './clampTo.ts'

/** Error bars from each estimate's interval, each end cut to the metric's range. */
export function errorBars(
  estimates: { mean: number | null; ci95: [number, number] | null }[],
  range: MetricRange,
) {
  const inRange = clampTo(range)
  const span = (e: (typeof estimates)[number], end: 0 | 1) =>
    e.ci95 && e.mean !== null ? Math.abs((inRange(e.ci95[end]) as number) - e.mean) : 0
  return {
    type: 'data',
    symmetric: false,
    array: estimates.map((e) => span(e, 1)),
    arrayminus: estimates.map((e) => span(e, 0)),
  }
}
