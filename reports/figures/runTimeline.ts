import type { Figure, FigureContext } from './figureContext.ts'
import { COUNTERS } from './tallyTimeline.ts'

/**
 * Points drawn per line at most. A count is exact at every point drawn; past this many a line
 * keeps every n-th step (and the last), so a 90-day market's million jobs make a page of
 * kilobytes, not tens of megabytes, and look the same at any zoom a screen can show.
 */
export const MAX_TIMELINE_POINTS = 2000

/**
 * A single run over virtual time, from its trace: how many jobs, cheating jobs, checks,
 * challenges and slashes had happened by each moment. A sweep has its per-point figures instead.
 */
export function runTimeline(ctx: FigureContext): Figure[] {
  const tally = ctx.input.timeline
  if (ctx.points.length !== 1 || !tally) return []
  // Every count runs on to the run's last event: a line that stops early reads as missing data.
  const { end } = tally
  let thinned = false
  const data = COUNTERS.flatMap((c, i) => {
    const times = tally.times[i] ?? []
    if (times.length === 0) return []
    const stride = Math.ceil(times.length / MAX_TIMELINE_POINTS)
    if (stride > 1) thinned = true
    const kept = times.flatMap((_, k) => (k % stride === stride - 1 || k === times.length - 1 ? [k] : []))
    return [
      {
        type: 'scatter',
        mode: 'lines',
        name: c.name,
        x: [0, ...kept.map((k) => times[k]), end],
        y: [0, ...kept.map((k) => k + 1), times.length],
        line: { shape: stride > 1 ? 'linear' : 'hv', color: c.color, ...(c.dash ? { dash: c.dash } : {}) },
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
      ...(runs > 1 || thinned
        ? {
            note: [
              ...(runs > 1 ? [`replicate 0 of ${runs}; every replicate's events are in trace.ndjson`] : []),
              ...(thinned
                ? [
                    `lines with more than ${MAX_TIMELINE_POINTS.toLocaleString('en')} events show exact counts at every n-th of them`,
                  ]
                : []),
            ].join('; '),
          }
        : {}),
    },
  ]
}
