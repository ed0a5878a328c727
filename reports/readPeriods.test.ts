import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { marketPeriods } from './fixtures/marketPeriods.ts'
import { readPeriods } from './readPeriods.ts'

describe('readPeriods', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verisim-periods-'))

  it('reads every row back across chunk boundaries, skipping blank lines', () => {
    // Pad rows so the file spans chunks and lines straddle them.
    const rows = Array.from({ length: 40 }, (_, i) =>
      marketPeriods().map((r) => ({ ...r, period: i * 30 + r.period, pad: 'é'.repeat(1000) })),
    ).flat()
    const path = join(dir, 'periods.ndjson')
    writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n\n`)
    const read = readPeriods(path)
    expect(read).toHaveLength(1200)
    expect(read).toEqual(rows)
  })

  it('names the file and line of a row it cannot read', () => {
    const path = join(dir, 'bad.ndjson')
    writeFileSync(path, `${JSON.stringify(marketPeriods()[0])}\n{"period": 1\n`)
    expect(() => readPeriods(path)).toThrow(/bad\.ndjson:2 is not a JSON period row/)
    writeFileSync(path, '{"period": 1}\n')
    expect(() => readPeriods(path)).toThrow(/bad\.ndjson:1 is not a period row/)
  })
})
