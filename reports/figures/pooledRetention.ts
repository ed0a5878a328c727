import { retainedVolume } from '../../sim/index.ts'

/** R(N)'s base period (sim/demand/retainedVolume). */
const BASE = 3

/**
 * Pooled R(n) of several cohorts (each its volumes by period since arrival): Σ volume in period
 * n ÷ Σ volume in period 3, over the cohorts whose R(n) is defined (period n in the run, volume
 * in period 3). Null when none is.
 */
export function pooledRetention(cohorts: readonly (readonly number[])[], n: number): number | null {
  let volume = 0
  let base = 0
  for (const volumes of cohorts) {
    if (retainedVolume(volumes, n) === null) continue
    volume += volumes[n] ?? 0
    base += volumes[BASE] ?? 0
  }
  return base > 0 ? volume / base : null
}
