import { studentTQuantile } from './studentTQuantile.ts'

export type Estimate = { mean: number | null; ci95: [number, number] | null; n: number }

/**
 * Mean and two-sided 95% Student-t confidence interval over replicates, cut to the range the
 * metric lives in (`min`, `max`). The true mean always lies in that range, so the cut interval
 * covers it whenever the uncut one does: the same 95% coverage, and no latency or gas below 0.
 * A metric that is undefined (null) in any replicate is undefined for the point, since averaging
 * only the defined ones would silently change what is being estimated; one replicate has no
 * interval.
 */
export function summarizeSamples(
  samples: readonly (number | null)[],
  range: { min: number; max: number } = { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY },
): Estimate {
  const n = samples.length
  if (n === 0 || samples.some((s) => s === null)) return { mean: null, ci95: null, n }
  const values = samples as number[]
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n === 1) return { mean, ci95: null, n }
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)
  const half = studentTQuantile(0.975, n - 1) * Math.sqrt(variance / n)
  return { mean, ci95: [Math.max(range.min, mean - half), Math.min(range.max, mean + half)], n }
}
