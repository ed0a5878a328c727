import { studentTQuantile } from './studentTQuantile.ts'
import type { Estimate } from './summarizeSamples.ts'

/** The 0.975 quantile of the standard normal. */
const Z = 1.959963984540054

/**
 * A rate over replicates from the counts it is the ratio of ([events, trials] per replicate):
 * the pooled ratio Σevents ÷ Σtrials, and a 95% interval that is the hull of two, cut to [0, 1]:
 * - the Wilson score interval on the pooled counts, right when results are independent trials.
 *   It stays inside [0, 1] and, unlike any interval from the replicates' spread, does not shrink
 *   to [0, 0] when no replicate saw an event (0 of 2,000 results gives [0, 0.0019]);
 * - a Student-t interval (k − 1 degrees of freedom) around the pooled ratio with the ratio
 *   estimator's standard error over replicates, right when replicates differ by more than
 *   binomial noise (each replicate draws its own hosts, cheaters and demand).
 * The hull covers under either assumption. A rate undefined in a replicate (no trials) is
 * undefined for the point, and one replicate has no interval, as in summarizeSamples.
 */
export function summarizeRate(counts: readonly (readonly [number, number])[]): Estimate {
  const k = counts.length
  if (k === 0 || counts.some(([, m]) => m <= 0)) return { mean: null, ci95: null, n: k }
  let events = 0
  let trials = 0
  for (const [x, m] of counts) {
    events += x
    trials += m
  }
  const p = events / trials
  if (k === 1) return { mean: p, ci95: null, n: k }

  const zz = Z * Z
  const centre = (p + zz / (2 * trials)) / (1 + zz / trials)
  const wilsonHalf = (Z / (1 + zz / trials)) * Math.sqrt((p * (1 - p)) / trials + zz / (4 * trials * trials))

  const meanTrials = trials / k
  let squares = 0
  for (const [x, m] of counts) squares += (x - p * m) ** 2
  const tHalf = (studentTQuantile(0.975, k - 1) * Math.sqrt(squares / (k * (k - 1)))) / meanTrials

  const lower = Math.max(0, Math.min(centre - wilsonHalf, p - tHalf))
  const upper = Math.min(1, Math.max(centre + wilsonHalf, p + tHalf))
  return { mean: p, ci95: [lower, upper], n: k }
}
