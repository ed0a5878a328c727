import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'

export type NdjsonWriter<T> = {
  write(item: T): void
  /** Flush and close the file; resolves to the sha256 of everything written. */
  close(): Promise<string>
}

/**
 * Stream items to an NDJSON file as they come, one `line(item)` each (newline included), hashing
 * the bytes on the way, so a long run's output never sits in memory. The caller writes into a
 * staging folder or a `.partial` file, so a failed run leaves nothing half-written under the real
 * name.
 */
export function createNdjsonWriter<T>(path: string, line: (item: T) => string): NdjsonWriter<T> {
  const stream = createWriteStream(path)
  const hash = createHash('sha256')
  let failure: Error | undefined
  let closing: Promise<string> | undefined
  stream.on('error', (error) => {
    failure = error
  })
  return {
    write(item) {
      const text = line(item)
      hash.update(text)
      stream.write(text)
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
