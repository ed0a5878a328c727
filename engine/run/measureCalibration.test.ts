import { describe, expect, it } from 'vitest'
import { measureCalibration } from './measureCalibration.ts'

describe('measureCalibration', () => {
  it('measures a positive, plausible rate for each family with real onnxruntime', async () => {
    const result = await measureCalibration({ now: () => performance.now() }, { budgetMs: 50 })
    for (const family of [result.mlp, result.transformer]) {
      expect(family.sizes).toHaveLength(3)
      // Between 10 MFLOP/s and 1 TFLOP/s on one CPU thread: anything outside is a broken measurement.
      expect(family.flopsPerSecond).toBeGreaterThan(1e7)
      expect(family.flopsPerSecond).toBeLessThan(1e12)
      expect(family.secondsPerFlop * family.flopsPerSecond).toBeCloseTo(1, 12)
    }
  }, 60_000)

  it('takes its time only from the injected clock', async () => {
    // A clock that advances 2 ms per reading: the loop reads it once per run after the first five,
    // so with a 10 ms budget every size stops after 9 runs and 12 ms, whatever the real speed.
    let t = 0
    const result = await measureCalibration({ now: () => (t += 2) }, { budgetMs: 10 })
    for (const size of result.mlp.sizes) expect(size.secondsPerRun).toBeCloseTo(0.012 / 9, 15)
    const rates = result.mlp.sizes.map((s) => s.secondsPerRun / s.flops).sort((a, b) => a - b)
    expect(result.mlp.secondsPerFlop).toBe(rates[1])
  }, 60_000)
})
