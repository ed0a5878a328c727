import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { type HardwareProfile, REFERENCE_HARDWARE } from '../../sim/index.ts'
import { checkHardware } from './checkHardware.ts'

describe('checkHardware', () => {
  it('accepts real onnxruntime configurations and names the bad field otherwise', () => {
    expect(() =>
      checkHardware({ threads: 4, optimization: 'extended', fp16Weights: true }, 'hw'),
    ).not.toThrow()
    const bad = (change: Partial<Record<keyof HardwareProfile, unknown>>) => () =>
      checkHardware({ ...REFERENCE_HARDWARE, ...change } as HardwareProfile, 'claimed.hardware')
    expect(bad({ threads: 0 })).toThrow(InputError)
    expect(bad({ threads: 1.5 })).toThrow(/claimed\.hardware\.threads/)
    expect(bad({ optimization: 'max' })).toThrow(/claimed\.hardware\.optimization/)
    expect(bad({ fp16Weights: 'yes' })).toThrow(/claimed\.hardware\.fp16Weights/)
  })
})
