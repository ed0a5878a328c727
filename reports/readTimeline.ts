import { type TimelineTally, type TraceEvent, tallyTimeline } from './figures/tallyTimeline.ts'
import { readNdjsonLines } from './readNdjsonLines.ts'

/** The run timeline's tally of a trace.ndjson, read line by line (never the file whole). */
export function readTimeline(path: string): TimelineTally {
  return tallyTimeline(parsed(path))
}

function* parsed(path: string): Generator<TraceEvent> {
  for (const { text } of readNdjsonLines(path)) yield JSON.parse(text) as TraceEvent
}
