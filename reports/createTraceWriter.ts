import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import type { TraceEvent } from '../sim/index.ts'

export type TraceWriter = {
  write(event: TraceEvent): void
  /** Flush and close the file; resolves to the sha256 of everything written. */
  close(): Promise<string>
}

/**
 * Stream trace events to an NDJSON file as they happen, hashing the bytes on the way. With `run`,
 * each event starts with the run it belongs to, as a sweep's trace.ndjson has them, so one loader
 * reads a run's trace and a sweep's alike.
 */
export function createTraceWriter(path: string, run?: { point: number; replicate: number }): TraceWriter {
  const prefix = run ? `{"point":${run.point},"replicate":${run.replicate}` : ''
  const stream = createWriteStream(path)
  const hash = createHash('sha256')
  let failure: Error | undefined
  let closing: Promise<string> | undefined
  stream.on('error', (error) => {
    failure = error
  })
  return {
    write(event) {
      const json = JSON.stringify(event)
      const line = !prefix ? `${json}\n` : json === '{}' ? `${prefix}}\n` : `${prefix},${json.slice(1)}\n`
      hash.update(line)
      stream.write(line)
    },
    close() {
      closing ??= new Promise((resolve, reject) => {
        stream.end(() => (failure ? reject(failure) : resolve(hash.digest('hex'))))
      })
      return closing
    },
  }
}
