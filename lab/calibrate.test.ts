import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { calibrate } from './calibrate.ts'

describe('calibrate', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-calibrate-lab-'))
  afterAll(() => rmSync(tmp, { recursive: true, force: true }))

  it('returns what it writes to `out`: seconds per FLOP for each family, measured over three sizes', async () => {
    const out = join(tmp, 'calibration.json')
    // A short measurement: the shape and the file matter here, not the precision.
    const written = await calibrate({ out, budgetMs: 5 })
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(written)
    for (const family of ['mlp', 'transformer'] as const) {
      expect(written.families[family].secondsPerFlop * written.families[family].flopsPerSecond).toBeCloseTo(
        1,
        9,
      )
      expect(written.sizes[family]).toHaveLength(3)
    }
  }, 60_000)
})
