import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import type { PeriodRow } from '../sim/index.ts'

export type PeriodsWriter = {
  write(row: PeriodRow): void
  /** Flush and close the file; resolves to the sha256 of everything written. */
  close(): Promise<string>
}

/**
 * Stream a demand-market run's closed periods to an NDJSON file (periods.ndjson), one PeriodRow
 * per line as the run closes it, hashing the bytes on the way: a 180-day run's rows never sit in
 * memory. The caller writes into a staging folder or a `.partial` file, so a failed run leaves
 * no half-written periods.ndjson under the real name.
 */
export function createPeriodsWriter(path: string): PeriodsWriter {
  const stream = createWriteStream(path)
  const hash = createHash('sha256')
  let failure: Error | undefined
  let closing: Promise<string> | undefined
  stream.on('error', (error) => {
    failure = error
  })
  return {
    write(row) {
      const line = `${JSON.stringify(row)}\n`
      hash.update(line)
      stream.write(line)
    },
    close() {
      // Settled on 'close', which follows 'error' too: end()'s callback can report success for
      // a file that could never be opened.
      closing ??= new Promise((resolve, reject) => {
        const settle = () => (failure ? reject(failure) : resolve(hash.digest('hex')))
        if (stream.closed) return settle()
        stream.once('close', settle)
        stream.end()
      })
      return closing
    },
  }
}
