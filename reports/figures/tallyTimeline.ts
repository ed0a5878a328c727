/** A trace.ndjson line: what the timeline reads of it. */
export type TraceEvent = { replicate: number; t: number; type: string } & Record<string, unknown>

export type Counter = { name: string; color: string; dash?: string; counts: (e: TraceEvent) => boolean }

/** What the run timeline counts, in the order it draws them. */
export const COUNTERS: readonly Counter[] = [
  { name: 'jobs', color: '#7f7f7f', counts: (e) => e.type === 'job' },
  { name: 'cheating jobs', color: '#d62728', counts: (e) => e.type === 'job' && e.variant !== 'honest' },
  { name: 'verifier checks', color: '#1f77b4', counts: (e) => e.type === 'check' },
  { name: 'challenges', color: '#2ca02c', counts: (e) => e.type === 'challenge' },
  { name: 'cheaters slashed', color: '#ff7f0e', counts: (e) => e.type === 'slash' && e.honest === false },
  {
    name: 'honest hosts slashed',
    color: '#9467bd',
    dash: 'dot',
    counts: (e) => e.type === 'slash' && e.honest === true,
  },
]

/**
 * Replicate 0's counted moments: `times[i]` holds the virtual time of every event COUNTERS[i]
 * counts, ascending; `end` is its latest event of any kind (where every line runs on to).
 */
export type TimelineTally = { end: number; times: number[][] }

/**
 * Tally a run's trace for the timeline. Only replicate 0 is kept: replicates of one point share
 * the scenario, the first shows the dynamics, and summing several would stack runs that never
 * shared a clock. A time is 8 bytes where the event it came from was an object of a hundred or
 * more, which is what keeps a 90-day market's report within memory.
 */
export function tallyTimeline(events: Iterable<TraceEvent>): TimelineTally {
  const times: number[][] = COUNTERS.map(() => [])
  let end = 0
  let sorted = true
  for (const e of events) {
    if (e.replicate !== 0) continue
    if (e.t < end) sorted = false
    end = Math.max(end, e.t)
    COUNTERS.forEach((c, i) => {
      if (c.counts(e)) (times[i] as number[]).push(e.t)
    })
  }
  // A trace is written in virtual-time order; events built by hand need not be.
  if (!sorted) for (const list of times) list.sort((a, b) => a - b)
  return { end, times }
}
