import { closeSync, openSync, readSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { TraceEvent } from './figures/runTimeline.ts'

// The event types runTimeline counts; every other line matters to it only through its time.
const COUNTED = new Set(['job', 'check', 'challenge', 'slash'])

/**
 * What the run timeline reads of a trace.ndjson: its counted events, each cut to the fields the
 * timeline looks at, and replicate 0's latest event of any kind (where every line ends). Read in
 * chunks: a 90-day market's trace is hundreds of MB and millions of lines (blocks, commits,
 * payouts), and reading it whole held it three times over (text, lines, parsed objects), 2 GiB
 * at 540,000 jobs.
 */
export function readTimelineEvents(path: string): TraceEvent[] {
  const events: TraceEvent[] = []
  let last: TraceEvent | undefined
  const keep = (line: string) => {
    if (line.trim() === '') return
    const e = JSON.parse(line) as TraceEvent
    const slim: TraceEvent = { replicate: e.replicate, t: e.t, type: e.type }
    if (e.variant !== undefined) slim.variant = e.variant
    if (e.honest !== undefined) slim.honest = e.honest
    if (COUNTED.has(e.type)) events.push(slim)
    else if (e.replicate === 0 && (last === undefined || e.t >= last.t)) last = slim
  }
  const fd = openSync(path, 'r')
  try {
    const chunk = Buffer.alloc(1 << 20)
    // A chunk may end inside a character (the trace's notes hold ’): the decoder keeps its bytes.
    const text = new StringDecoder('utf8')
    let rest = ''
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      const lines = (rest + text.write(chunk.subarray(0, n))).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) keep(line)
    }
    keep(rest + text.end())
  } finally {
    closeSync(fd)
  }
  const latest = events.reduce<TraceEvent | undefined>(
    (a, e) => (e.replicate === 0 && (a === undefined || e.t >= a.t) ? e : a),
    undefined,
  )
  if (last !== undefined && (latest === undefined || last.t > latest.t)) events.push(last)
  return events
}
