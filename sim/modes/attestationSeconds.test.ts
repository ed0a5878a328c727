import { describe, expect, it } from 'vitest'
import { attestationSeconds, DEEPPROVE_POINTS, ZK_POWER_LAW_A, ZK_POWER_LAW_B } from './attestationSeconds.ts'

describe('attestationSeconds', () => {
  it('the fitted power law passes through both DeepProve measurements', () => {
    const powerLaw = { kind: 'powerLaw', a: ZK_POWER_LAW_A, b: ZK_POWER_LAW_B } as const
    for (const { parameters, seconds } of DEEPPROVE_POINTS) {
      const work = attestationSeconds(powerLaw, 0, { nativeSeconds: 0, parameters, tokens: 1 })
      expect(work.seconds).toBeCloseTo(seconds, 9)
    }
    expect(ZK_POWER_LAW_B).toBeGreaterThan(0.2)
    expect(ZK_POWER_LAW_B).toBeLessThan(0.25)
  })

  it('a power law adds a × parameters^b per token to the native time (the witness)', () => {
    const proving = { kind: 'powerLaw', a: 1e-3, b: 0.5 } as const
    const small = attestationSeconds(proving, 0, { nativeSeconds: 1, parameters: 1e6, tokens: 1 })
    const big = attestationSeconds(proving, 0, { nativeSeconds: 100, parameters: 1e8, tokens: 1 })
    expect(small.seconds).toBeCloseTo(1 + 1, 12)
    expect(big.seconds).toBeCloseTo(100 + 10, 12)
    const long = attestationSeconds(proving, 0, { nativeSeconds: 1, parameters: 1e6, tokens: 64 })
    expect(long.seconds).toBeCloseTo(1 + 64, 12)
    const cheap = attestationSeconds(proving, 0, { nativeSeconds: 1, parameters: 1, tokens: 1 })
    expect(cheap.factor).toBeGreaterThanOrEqual(1)
    // Proving grows slower than the native compute here: the overhead falls with size.
    expect(big.factor).toBeLessThan(small.factor)
  })

  it('flat is factor × native compute, exactly as computeFactor was', () => {
    const work = attestationSeconds({ kind: 'flat', factor: 300 }, 0, {
      nativeSeconds: 0.5,
      parameters: 1,
      tokens: 1,
    })
    expect(work).toEqual({ seconds: 150, factor: 300 })
  })

  it("a TEE's fixed seconds make its overhead fall with model size, and without them it does not", () => {
    const tee = { kind: 'flat', factor: 1.05 } as const
    const overhead = (fixed: number, nativeSeconds: number) =>
      attestationSeconds(tee, fixed, { nativeSeconds, parameters: 1, tokens: 1 }).factor
    expect(overhead(0.2, 10)).toBeLessThan(overhead(0.2, 0.1))
    expect(overhead(0.2, 0.1)).toBeCloseTo(3.05, 12)
    expect(overhead(0.2, 10)).toBeCloseTo(1.07, 12)
    expect(overhead(0, 10)).toBe(overhead(0, 0.1))
  })
})
