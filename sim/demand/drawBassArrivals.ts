import { InputError } from '../../errors/index.ts'
import type { Rng } from '../rngStreams.ts'
import { exponential } from '../rngStreams.ts'
import { bassAdopters } from './bassAdopters.ts'

/** The time at which the Bass fraction reaches F (0 ≤ F < 1): the inverse of F(t). */
function bassTime(p: number, q: number, fraction: number): number {
  // From F = (1 − x) / (1 + (q/p)·x), x = e^−(p+q)t: x = (1 − F) / (1 + (q/p)·F).
  return -Math.log((1 - fraction) / (1 + (q / p) * fraction)) / (p + q)
}

/**
 * Arrival times, in whole virtual seconds within [from, to), of a non-homogeneous Poisson
 * process whose expected cumulative count is the Bass curve m·F(t). The process is a unit-rate
 * Poisson process in Λ = m·F(t): exponential(1) gaps in Λ from m·F(from), each mapped back to
 * time through F's inverse, so the cost is one draw per arrival whatever the window.
 *
 * Counts in disjoint windows are independent Poisson, with mean m·(F(to) − F(from)) and that
 * same variance, where a finite market of m would give the binomial's m·ΔF·(1 − ΔF): the
 * mean-field reading of Bass used for large m. A time is floored to its second, which keeps it
 * in [from, to) and keeps each cumulative count at whole seconds unchanged.
 */
export function drawBassArrivals(
  rng: Rng,
  p: number,
  q: number,
  m: number,
  from: number,
  to: number,
): number[] {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to >= from))
    throw new InputError(
      `Bass arrival window must be whole seconds with 0 <= from <= to, got [${from}, ${to})`,
      {
        hint: 'draw arrivals period by period, e.g. from 0 to 86400',
      },
    )
  const start = bassAdopters(p, q, m, from)
  const end = bassAdopters(p, q, m, to)
  const times: number[] = []
  let level = start + exponential(rng, 1)
  while (level < end) {
    const time = Math.floor(bassTime(p, q, level / m))
    // Rounding in the inverse can land a hair outside the window; the count is what matters.
    times.push(Math.min(Math.max(time, from), to - 1))
    level += exponential(rng, 1)
  }
  return times
}
