import { describe, expect, it } from 'vitest'
import { type MemoryReadings, memoryVerdict } from './memoryVerdict.ts'

const MIB = 2 ** 20
const cache = 2 * MIB
const readings = (peaks: [number, number]): MemoryReadings => ({
  baseline: 300 * MIB,
  peaks: [peaks[0] * MIB, peaks[1] * MIB],
  afters: [310 * MIB, 312 * MIB],
  maxRss: peaks[0] * MIB,
  cacheBytes: cache,
  generations: 64,
})

describe('memoryVerdict', () => {
  it('divides the growth over the baseline by every generation’s cache', () => {
    const verdict = memoryVerdict(readings([332, 334]), 0.5)
    expect(verdict.ratio).toBeCloseTo(32 / 128)
    expect(verdict.measured.growth_batch_2_in_caches).toBeCloseTo(2 / 128)
    expect(verdict.baseline.cache_mib_all_generations).toBe(128)
    expect(verdict.met).toBe(true)
  })

  it('fails when every cache outlives its generation', () => {
    // 64 caches of 2 MiB kept: 128 MiB over the baseline.
    expect(memoryVerdict(readings([430, 432]), 0.5).met).toBe(false)
  })

  it('fails when the second batch adds the first batch’s caches again', () => {
    const verdict = memoryVerdict(readings([340, 470]), 0.5)
    expect(verdict.ratio).toBeLessThan(0.5)
    expect(verdict.met).toBe(false)
  })
})
