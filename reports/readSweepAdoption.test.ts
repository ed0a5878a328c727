import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PeriodRow } from '../sim/index.ts'
import { marketPeriods } from './fixtures/marketPeriods.ts'
import { marketRecord } from './fixtures/marketRecord.ts'
import { readSweepAdoption } from './readSweepAdoption.ts'

const write = (dir: string, name: string, rows: PeriodRow[]) =>
  writeFileSync(join(dir, 'periods', name), rows.map((r) => `${JSON.stringify(r)}\n`).join(''))

describe('readSweepAdoption', () => {
  it('gives each point its first replicate’s production share per period, the partial period marked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verisim-sweep-adoption-'))
    mkdirSync(join(dir, 'periods'))
    // Point 0: the fixture (production sends the network 100 of 200 a day, 150 on day 10, 50 on
    // days 20-22; experimental ended trials, so it is not production). Its replicate 1 differs,
    // and must not be read. Point 1: the fixture cut short half-way through day 2, no network.
    write(dir, '0-0.ndjson', marketPeriods())
    write(dir, '0-1.ndjson', marketPeriods().slice(0, 1))
    const cut: PeriodRow[] = marketPeriods()
      .slice(0, 3)
      .map((row) => ({
        ...row,
        segments: Object.fromEntries(
          Object.entries(row.segments).map(([k, s]) => [
            k,
            { ...s, volume: { network: 0, centralized: 80 }, adoption: 0 },
          ]),
        ),
      }))
    const last = cut[2] as PeriodRow
    cut[2] = { ...last, end: last.start + 43_200, partial: true }
    write(dir, '1-0.ndjson', cut)
    const records = [marketRecord(1), { ...marketRecord(0), replicate: 1 }, marketRecord(0), marketRecord(2)]
    const points = readSweepAdoption(dir, records)
    // Point 2 has no periods file: left out.
    expect(points.map((p) => [p.point, p.replicate])).toEqual([
      [0, 0],
      [1, 0],
    ])
    const [zero, one] = points
    expect(zero?.production).toEqual(['production'])
    expect(zero?.periods.map((r) => r.share)).toEqual(
      Array.from({ length: 30 }, (_, p) => (p === 10 ? 150 : p >= 20 && p <= 22 ? 50 : 100) / 200),
    )
    expect(zero?.periods.some((r) => 'partial' in r)).toBe(false)
    expect(one?.periods).toEqual([
      { start: 0, end: 86_400, share: 0 },
      { start: 86_400, end: 172_800, share: 0 },
      { start: 172_800, end: 216_000, share: 0, partial: true },
    ])
  })
})
