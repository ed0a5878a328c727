import { describe, expect, it } from 'vitest'
import { llamaDecoder } from '../fixtures/llamaDecoder.ts'
import { decodeStepCost } from './decodeStepCost.ts'
import { H100_SXM } from './hardwareProfiles.ts'
import { prefillCost } from './prefillCost.ts'

const llama7b = llamaDecoder('Llama-2-7B')

describe('prefillCost', () => {
  it('is compute-bound for a long prompt on an H100, FLOPs ÷ peak', () => {
    const prefill = prefillCost(llama7b, H100_SXM, 2048)
    expect(prefill.bound).toBe('compute')
    expect(prefill.seconds).toBeCloseTo(prefill.flops / H100_SXM.peakFlops, 12)
  })

  it('still pays its one weight read below the ridge point (≈ 295 tokens at bf16 on an H100)', () => {
    const short = prefillCost(llama7b, H100_SXM, 64)
    expect(short.bound).toBe('memory')
    expect(short.seconds).toBeGreaterThan(short.flops / H100_SXM.peakFlops)
    expect(prefillCost(llama7b, H100_SXM, 200).bound).toBe('memory')
    expect(prefillCost(llama7b, H100_SXM, 400).bound).toBe('compute')
  })

  it('counts causal attention: the FLOPs of n tokens equal those of their decode steps', () => {
    let steps = 0
    for (let t = 0; t < 300; t++) steps += decodeStepCost(llama7b, H100_SXM, t).flops
    expect(prefillCost(llama7b, H100_SXM, 300).flops).toBeCloseTo(steps, -3)
  })
})
