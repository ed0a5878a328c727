import { describe, expect, it } from 'vitest'
import { calibrateNull } from './calibrateNull.ts'

describe('calibrateNull', () => {
  it('takes the worst honest profile: its mean at two standard errors up, and the widest spread of any profile', () => {
    const honest = calibrateNull({
      threads2: [1e-7, 1.2e-7, 1.4e-7],
      fp16: [2e-4, 2.2e-4, 2.4e-4],
      unoptimized: [1e-7, 1.2e-4, 2e-7],
    })
    expect(honest.worstProfile).toBe('fp16')
    // fp16's sd is 2e-5 over 3 chunks.
    expect(honest.mean).toBeCloseTo(2.2e-4 + (2 * 2e-5) / Math.sqrt(3), 12)
    // unoptimized has the widest spread though not the largest mean.
    const m = (1e-7 + 1.2e-4 + 2e-7) / 3
    expect(honest.sd).toBeCloseTo(Math.sqrt(((1e-7 - m) ** 2 + (1.2e-4 - m) ** 2 + (2e-7 - m) ** 2) / 2), 12)
    expect(honest.chunks).toBe(9)
  })

  it('refuses too few, non-finite or spread-less measurements, naming the profile', () => {
    expect(() => calibrateNull({})).toThrow(/no honest profile/)
    expect(() => calibrateNull({ fp16: [1e-4] })).toThrow(/fp16 needs at least 2/)
    expect(() => calibrateNull({ fp16: [1e-4, Number.POSITIVE_INFINITY] })).toThrow(/fp16 .* Infinity/)
    expect(() => calibrateNull({ a: [1e-4, 1e-4], b: [1e-5, 1e-5] })).toThrow(/no spread/)
  })
})
