import type { TraceEvent } from '../sim/index.ts'
import { createNdjsonWriter, type NdjsonWriter } from './createNdjsonWriter.ts'

export type TraceWriter = NdjsonWriter<TraceEvent>

/**
 * Stream trace events to an NDJSON file as they happen. With `run`, each event starts with the
 * run it belongs to, as a sweep's trace.ndjson has them, so one loader reads a run's trace and a
 * sweep's alike.
 */
export function createTraceWriter(path: string, run?: { point: number; replicate: number }): TraceWriter {
  const prefix = run ? `{"point":${run.point},"replicate":${run.replicate}` : ''
  return createNdjsonWriter(path, (event: TraceEvent) => {
    const json = JSON.stringify(event)
    return !prefix ? `${json}\n` : json === '{}' ? `${prefix}}\n` : `${prefix},${json.slice(1)}\n`
  })
}
