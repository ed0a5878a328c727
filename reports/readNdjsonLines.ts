import { closeSync, openSync, readSync } from 'node:fs'

const CHUNK = 1 << 20

/**
 * The non-blank lines of an NDJSON file with their 1-based numbers, read a chunk at a time: a
 * long market's trace is hundreds of MB and millions of lines, and holding its text whole, then
 * its lines, then the parsed objects took GiBs. The file is opened now, so a missing one throws
 * here rather than at the first line; it is closed when the lines run out or the loop stops.
 */
export function readNdjsonLines(path: string): Generator<{ line: number; text: string }> {
  return linesOf(openSync(path, 'r'))
}

function* linesOf(fd: number): Generator<{ line: number; text: string }> {
  try {
    const buffer = new Uint8Array(CHUNK)
    // A chunk may end inside a character (the trace's notes hold ’): the decoder keeps its bytes.
    const decoder = new TextDecoder('utf-8')
    let rest = ''
    let line = 0
    for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null)) {
      const lines = (rest + decoder.decode(buffer.subarray(0, n), { stream: true })).split('\n')
      rest = lines.pop() ?? ''
      for (const text of lines) {
        line++
        if (text.trim() !== '') yield { line, text }
      }
    }
    const text = rest + decoder.decode()
    if (text.trim() !== '') yield { line: line + 1, text }
  } finally {
    closeSync(fd)
  }
}
