import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createMarketBook, DEFAULT_SEGMENTS, type PeriodRow, type RunSpec } from '../sim/index.ts'
import { createPeriodsWriter } from './createPeriodsWriter.ts'

const demand: NonNullable<RunSpec['demand']> = {
  segments: Object.entries(DEFAULT_SEGMENTS).map(([name, segment]) => ({ name, segment })),
  marketSize: 100,
  weight: 5,
  period: 60,
  retentionPeriod: 3,
  repeatPeriods: 2,
  timeout: 30,
  fraudLoss: 0.01,
  providers: [],
  offers: [],
}

describe('createPeriodsWriter', () => {
  it('writes each closed period as one JSON line as the book closes it, and hashes what it wrote', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'verisim-periods-')), 'periods.ndjson')
    const periods = createPeriodsWriter(path)
    const rows: PeriodRow[] = []
    const book = createMarketBook(demand, (row) => {
      rows.push(row)
      periods.write(row)
    })
    book.arrived(10, 0, 'production')
    book.requested(20, 0, 'production', 'network', 5)
    book.settled(21, 0, 'production', 'network', { latency: 1, failed: false, bad: false }, 5)
    book.advance(180)
    const sha = await periods.close()
    const text = readFileSync(path, 'utf8')
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(rows)
    expect(rows.map((r) => r.period)).toEqual([0, 1, 2])
    expect(sha).toBe(createHash('sha256').update(text).digest('hex'))
  })
})
