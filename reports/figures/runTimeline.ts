import type { Figure, FigureContext } from './figureContext.ts'

/** A trace.ndjson line: what the timeline reads of it. */
export type TraceEvent = { replicate: number; t: number; type: string } & Record<string, unknown>

type Counter = { name: string; color: string; dash?: string; counts: (e: TraceEvent) => boolean }

const COUNTERS: readonly Counter[] = [
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
 * A single run over virtual time, from its trace: how many jobs, cheating jobs, checks,
 * challenges and slashes had happened by each moment. A sweep has its per-point figures instead.
 */
export function runTimeline(ctx: FigureContext): Figure[] {
  const events = ctx.input.events
  if (ctx.points.length !== 1 || !events?.length) return []
  // Replicates of one point share the scenario: the first shows the dynamics, and summing
  // several would stack runs that never shared a clock.
  const first = events.filter((e) => e.replicate === 0).sort((a, b) => a.t - b.t)
  // Every count runs on to the run's last event: a line that stops early reads as missing data.
  const end = first.at(-1)?.t ?? 0
  const data = COUNTERS.flatMap((c) => {
    const times = first.filter(c.counts).map((e) => e.t)
    if (times.length === 0) return []
    return [
      {
        type: 'scatter',
        mode: 'lines',
        name: c.name,
        x: [0, ...times, end],
        y: [0, ...times.map((_, i) => i + 1), times.length],
        line: { shape: 'hv', color: c.color, ...(c.dash ? { dash: c.dash } : {}) },
      },
    ]
  })
  if (data.length === 0) return []
  const runs = ctx.records.length
  return [
    {
      id: 'timeline',
      title: 'The run over virtual time (cumulative counts)',
      data,
      layout: {
        xaxis: { title: { text: 'virtual time (s)' }, rangemode: 'tozero' },
        yaxis: { title: { text: 'events so far' }, rangemode: 'tozero' },
      },
      caption: `What happened when: the gap between the jobs and the cheating jobs is the honest work, and the slashes stepping up after the checks and challenges is verification catching cheaters (commitments settle once per block, so counts rise in steps).${ctx.modeled}`,
      ...(runs > 1 ? { note: `replicate 0 of ${runs}; every replicate's events are in trace.ndjson` } : {}),
    },
  ]
}
