/** Wall time in milliseconds; injected so a benchmark's arithmetic can be tested without a clock. */
export type Clock = { now(): number }

export const realClock: Clock = { now: () => performance.now() }

export type Rate = { count: number; seconds: number; perSecond: number }

/** Run `work` once and report how many operations per second it did. */
export async function rate(clock: Clock, count: number, work: () => Promise<void> | void): Promise<Rate> {
  const start = clock.now()
  await work()
  const seconds = (clock.now() - start) / 1000
  return { count, seconds, perSecond: count / seconds }
}

/** What `alternate` found: each side's median rate, and the median of the paired ratios. */
export type Paired = { measured: Rate; baseline: Rate; ratio: number }

/**
 * Time `measured` and `baseline` in pairs, `trials` pairs after one untimed warm-up of both, and
 * report the median of the pairs' measured ÷ baseline ratios. Shared machines drift: one run
 * went from 780 to 430 ms per trial on both sides. A ratio of the two sides' medians compares
 * trials from different moments; a pair's two trials are adjacent, and pairs alternate which
 * side goes first (ABBA), so a steady drift favours neither side.
 */
export async function alternate(
  clock: Clock,
  count: number,
  trials: number,
  measured: () => Promise<void> | void,
  baseline: () => Promise<void> | void,
  /** Operations of one baseline trial, when they differ from a measured trial's `count`. */
  baselineCount = count,
): Promise<Paired> {
  await measured()
  await baseline()
  const a: Rate[] = []
  const b: Rate[] = []
  const ratios: number[] = []
  for (let t = 0; t < trials; t++) {
    let m: Rate
    let base: Rate
    if (t % 2 === 0) {
      m = await rate(clock, count, measured)
      base = await rate(clock, baselineCount, baseline)
    } else {
      base = await rate(clock, baselineCount, baseline)
      m = await rate(clock, count, measured)
    }
    a.push(m)
    b.push(base)
    ratios.push(m.perSecond / base.perSecond)
  }
  return {
    measured: median(a, (r) => r.perSecond),
    baseline: median(b, (r) => r.perSecond),
    ratio: median(ratios, (r) => r),
  }
}

/** The middle element by `by` (the upper one of an even count). */
export function median<T>(values: readonly T[], by: (value: T) => number): T {
  if (values.length === 0) throw new RangeError('median of no values')
  return [...values].sort((x, y) => by(x) - by(y))[Math.floor(values.length / 2)] as T
}

export type BenchResult = {
  name: string
  /** measured ÷ baseline, both from this process run (for paired trials, the median pair's). */
  ratio: number
  goal: string
  met: boolean
  measured: Record<string, number>
  baseline: Record<string, number>
  note?: string
}
