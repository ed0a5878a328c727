import { describe, expect, it } from 'vitest'
import { replicasAgree } from './replicasAgree.ts'

describe('replicasAgree', () => {
  it('compares activations within the tolerance', () => {
    expect(replicasAgree([1, 200], [1, 200.5], 5e-3, false)).toBe(true)
    expect(replicasAgree([1, 200], [1, 203], 5e-3, false)).toBe(false)
  })

  it('compares generated token ids exactly, whatever the tolerance', () => {
    // 199 and 200 are within 5e-3 × (1 + 200): as activations they would agree.
    expect(replicasAgree([7, 199], [7, 200], 5e-3, true)).toBe(false)
    expect(replicasAgree([7, 200], [7, 200], 5e-3, true)).toBe(true)
  })

  it('compares replicas of one hardware class under deterministic kernels bit for bit', () => {
    expect(replicasAgree([1, 200], [1, 200.5], 5e-3, false, true)).toBe(false)
    expect(replicasAgree([1, 200], [1, 200], 5e-3, false, true)).toBe(true)
    expect(replicasAgree([1, 200], [1, 200.5], 5e-3, false, false)).toBe(true)
  })
})
