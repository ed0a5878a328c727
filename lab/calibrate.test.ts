import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { thisMachineCpu } from '../sim/index.ts'
import { calibrate } from './calibrate.ts'

const positiveFinite = (value: number) => Number.isFinite(value) && value > 0

describe('calibrate', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-calibrate-lab-'))
  afterAll(() => rmSync(tmp, { recursive: true, force: true }))

  it('returns what it writes to `out`: seconds per FLOP for each family, and both phases of generation with their roofline check', async () => {
    const out = join(tmp, 'calibration.json')
    // The shortest measurement: the least repetitions of every size. The shape and the file
    // matter here, not the precision, so no figure is held to a speed.
    const written = await calibrate({ out, budgetMs: 1 })
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(written)
    for (const family of ['mlp', 'transformer'] as const) {
      expect(written.families[family].secondsPerFlop * written.families[family].flopsPerSecond).toBeCloseTo(
        1,
        9,
      )
      expect(written.sizes[family]).toHaveLength(3)
    }

    const { check, ...generation } = written.generation
    expect(Object.keys(generation).sort()).toEqual([
      'bytesPerSecond',
      'decodeSecondsPerToken',
      'flopsPerSecond',
      'model',
      'prefillTokensPerSecond',
    ])
    expect(generation.model).toBe('decoder w256 b4 ctx256')
    for (const value of [
      generation.flopsPerSecond,
      generation.bytesPerSecond,
      generation.prefillTokensPerSecond,
      generation.decodeSecondsPerToken,
      ...Object.values(check),
    ])
      expect(positiveFinite(value), `${value}`).toBe(true)
    // The check compares the prefill and decode step it was measured at, and the ratios exist.
    expect(check.measuredPrefillSeconds).toBeCloseTo(192 / generation.prefillTokensPerSecond, 12)
    expect(check.measuredDecodeSeconds).toBe(generation.decodeSecondsPerToken)
    expect(positiveFinite(check.predictedPrefillSeconds / check.measuredPrefillSeconds)).toBe(true)
    expect(positiveFinite(check.predictedDecodeSeconds / check.measuredDecodeSeconds)).toBe(true)
    // What scenarios do with it: sim/cost takes the two rates as this machine's profile.
    const profile = thisMachineCpu(generation)
    expect(profile).toMatchObject({
      peakFlops: generation.flopsPerSecond,
      memoryBandwidth: generation.bytesPerSecond,
    })
  }, 120_000)
})
