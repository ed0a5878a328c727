import { describe, expect, it } from 'vitest'
import { createInferencePool } from '../engine/index.ts'
import { measureHonestSpread } from './measureHonestSpread.ts'
import { planScenario } from './planScenario.ts'

describe('measureHonestSpread', () => {
  it('measures every honest profile of a decoder scenario against the verifier, and the null the test uses', async () => {
    const { runs } = await planScenario('scenarios/library/llm-detection.yaml')
    const spec = runs[0]?.spec
    if (!spec) throw new Error('no run planned')
    const pool = createInferencePool({ workers: 1, tolerance: spec.tolerance })
    try {
      const spread = await measureHonestSpread(pool, spec, { jobs: 2 })
      const outputTokens = 64
      expect(spread.profiles.map((p) => p.profile)).toEqual([
        'threads1/all',
        'threads2/all',
        'threads1/all/fp16',
      ])
      for (const p of spread.profiles) {
        expect(p.tokens).toBe(2 * outputTokens)
        expect(p.chunks).toBe((2 * outputTokens) / 16)
        expect(p.meanValueDistance).toBeGreaterThan(0)
        expect(p.maxValueDistance).toBeGreaterThanOrEqual(p.meanValueDistance)
      }
      const [fp32, , fp16] = spread.profiles
      // fp16-rounded weights move hidden states by orders of magnitude more than kernel order does;
      // the null sits at the worst honest profile (its mean is an upper bound from other jobs, so
      // out of sample a profile lands within a standard deviation of it, not always below).
      expect(fp16?.meanValueDistance).toBeGreaterThan(100 * (fp32?.meanValueDistance ?? 0))
      expect(spread.honestNull.worstProfile).toBe('threads1/all/fp16')
      const { mean, sd } = spread.honestNull
      expect(Math.abs((fp16?.meanValueDistance ?? Infinity) - mean)).toBeLessThan(sd)
    } finally {
      await pool.close()
    }
  }, 60_000)
})
