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
