import { closeSync, openSync, readSync } from 'node:fs'
import { BaseError } from '../errors/index.ts'
import type { PeriodRow } from '../sim/index.ts'

const CHUNK = 1 << 16

/**
 * A market run's periods.ndjson (one PeriodRow a line), read a chunk at a time so the file's
 * text is never held whole: a long horizon's rows are small, its raw text need not be. Blank
 * lines are skipped; a line that is not a row names the file and line.
 */
export function readPeriods(path: string): PeriodRow[] {
  const rows: PeriodRow[] = []
  const decoder = new TextDecoder('utf-8')
  const buffer = new Uint8Array(CHUNK)
  let line = 0
  let rest = ''
  const take = (text: string) => {
    line++
    if (text.trim() === '') return
    let row: unknown
    try {
      row = JSON.parse(text)
    } catch (cause) {
      throw new BaseError(`${path}:${line} is not a JSON period row`, {
        cause,
        hint: 'the run was cut short or the file was edited: run the scenario again to rewrite it',
      })
    }
    if (!isPeriodRow(row))
      throw new BaseError(
        `${path}:${line} is not a period row (it needs period, start, end, segments, network)`,
        {
          hint: 'the file was written by another verisim version or edited: run the scenario again',
        },
      )
    rows.push(row)
  }
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (cause) {
    throw new BaseError(`cannot read ${path}`, { cause, hint: 'run the scenario again to rewrite it' })
  }
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null)
      if (n === 0) break
      const lines = (rest + decoder.decode(buffer.subarray(0, n), { stream: true })).split('\n')
      rest = lines.pop() ?? ''
      for (const text of lines) take(text)
    }
    take(rest + decoder.decode())
  } finally {
    closeSync(fd)
  }
  return rows
}

function isPeriodRow(value: unknown): value is PeriodRow {
  if (typeof value !== 'object' || value === null) return false
  const row = value as Record<string, unknown>
  return (
    typeof row.period === 'number' &&
    typeof row.start === 'number' &&
    typeof row.end === 'number' &&
    typeof row.segments === 'object' &&
    row.segments !== null &&
    typeof row.network === 'object' &&
    row.network !== null
  )
}
