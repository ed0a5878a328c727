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

/**
 * Time `measured` and `baseline` in alternation, `trials` times each after one untimed warm-up
 * of both, and keep each one's median rate: neither side gets a cold JIT or a quiet moment of
 * the machine to itself.
 */
export async function alternate(
  clock: Clock,
  count: number,
  trials: number,
  measured: () => Promise<void> | void,
  baseline: () => Promise<void> | void,
): Promise<{ measured: Rate; baseline: Rate }> {
  await measured()
  await baseline()
  const a: Rate[] = []
  const b: Rate[] = []
  for (let t = 0; t < trials; t++) {
    a.push(await rate(clock, count, measured))
    b.push(await rate(clock, count, baseline))
  }
  return { measured: median(a), baseline: median(b) }
}

function median(rates: Rate[]): Rate {
  return [...rates].sort((x, y) => x.perSecond - y.perSecond)[Math.floor(rates.length / 2)] as Rate
}

export type BenchResult = {
  name: string
  /** measured ÷ baseline, both from this process run. */
  ratio: number
  goal: string
  met: boolean
  measured: Record<string, number>
  baseline: Record<string, number>
  note?: string
}
