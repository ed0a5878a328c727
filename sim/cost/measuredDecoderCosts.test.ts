import { describe, expect, it } from 'vitest'
import { measuredDecoderCosts } from './measuredDecoderCosts.ts'

const measured = {
  name: 'decoder w64 b2',
  params: 120_000,
  hardware: 'this machine (CPU)',
  pricePerSecond: 2e-5,
  prefillSecondsPerToken: 1e-5,
  decodeSecondsPerToken: 2e-4,
}

describe('measuredDecoderCosts', () => {
  it('gives the same row as the modeled sizes from measured timings, marked not modeled', () => {
    const row = measuredDecoderCosts(measured, { prompt: 32, output: 64 })
    expect(row.modeled).toBe(false)
    expect(row.generation.seconds).toBeCloseTo(32 * 1e-5 + 64 * 2e-4, 15)
    expect(row.verification.seconds).toBeCloseTo(96 * 1e-5, 15)
    expect(row.verification.usd).toBeCloseTo(96 * 1e-5 * 2e-5, 18)
    expect(row.verifyOverGenerate).toBeCloseTo(row.verification.seconds / row.generation.seconds, 12)
    expect(row.source).toBe('measured on this machine (CPU)')
  })

  it('refuses a timing that is not a positive number, naming it', () => {
    expect(() =>
      measuredDecoderCosts({ ...measured, decodeSecondsPerToken: 0 }, { prompt: 1, output: 1 }),
    ).toThrow(/decodeSecondsPerToken must be a finite number > 0, got 0/)
  })
})
