import { describe, expect, it } from 'vitest'
import { REFERENCE_HARDWARE } from './ports.ts'
import { runKey } from './runKey.ts'

describe('runKey', () => {
  it('tells apart variants and every hardware field; the salt only for noise', () => {
    const keys = [
      runKey({ variant: 'honest', hardware: REFERENCE_HARDWARE }),
      runKey({ variant: 'skip', hardware: REFERENCE_HARDWARE }),
      runKey({ variant: 'honest', hardware: { ...REFERENCE_HARDWARE, threads: 2 } }),
      runKey({ variant: 'honest', hardware: { ...REFERENCE_HARDWARE, optimization: 'basic' } }),
      runKey({ variant: 'honest', hardware: { ...REFERENCE_HARDWARE, fp16Weights: true } }),
      runKey({ variant: 'noise', hardware: REFERENCE_HARDWARE, salt: 1 }),
      runKey({ variant: 'noise', hardware: REFERENCE_HARDWARE, salt: 2 }),
    ]
    expect(new Set(keys).size).toBe(keys.length)
    expect(runKey({ variant: 'honest', hardware: REFERENCE_HARDWARE, salt: 1 })).toBe(keys[0])
    expect(runKey({ variant: 'noise', hardware: { ...REFERENCE_HARDWARE, threads: 4 }, salt: 1 })).toBe(
      keys[5],
    )
    expect(runKey({ variant: 'noise', hardware: REFERENCE_HARDWARE })).toBe(
      runKey({ variant: 'noise', hardware: REFERENCE_HARDWARE, salt: 0 }),
    )
  })
})
