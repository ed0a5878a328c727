import { BaseError } from '../errors/index.ts'
import type { PeriodRow } from '../sim/index.ts'
import { readNdjsonLines } from './readNdjsonLines.ts'

/**
 * A market run's periods.ndjson (one PeriodRow a line), read a chunk at a time so the file's
 * text is never held whole: a long horizon's rows are small, its raw text need not be. Blank
 * lines are skipped; a line that is not a row names the file and line.
 */
export function readPeriods(path: string): PeriodRow[] {
  let lines: ReturnType<typeof readNdjsonLines>
  try {
    lines = readNdjsonLines(path)
  } catch (cause) {
    throw new BaseError(`cannot read ${path}`, { cause, hint: 'run the scenario again to rewrite it' })
  }
  const rows: PeriodRow[] = []
  for (const { line, text } of lines) {
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
