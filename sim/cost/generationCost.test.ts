import { describe, expect, it } from 'vitest'
import { BaseError } from '../../errors/index.ts'
import { llamaDecoder } from '../fixtures/llamaDecoder.ts'
import { decodeStepCost } from './decodeStepCost.ts'
import { generationCost } from './generationCost.ts'
import { H100_SXM } from './hardwareProfiles.ts'
import { prefillCost } from './prefillCost.ts'

const llama7b = llamaDecoder('Llama-2-7B')

describe('generationCost', () => {
  it('is a compute-bound prefill over the prompt and one memory-bound decode step per output token', () => {
    const generation = generationCost(llama7b, H100_SXM, { prompt: 512, output: 256 })
    expect(generation.prefill).toEqual(prefillCost(llama7b, H100_SXM, 512))
    expect(generation.prefill.bound).toBe('compute')
    expect(generation.decodeSteps).toEqual({ memoryBound: 256, computeBound: 0 })
    const first = decodeStepCost(llama7b, H100_SXM, 512)
    const last = decodeStepCost(llama7b, H100_SXM, 767)
    expect(generation.decode.seconds).toBeGreaterThan(256 * first.seconds)
    expect(generation.decode.seconds).toBeLessThan(256 * last.seconds)
    expect(generation.usd).toBeCloseTo(generation.machineSeconds * H100_SXM.pricePerSecond, 15)
  })

  it('refuses a workload longer than the context, naming both', () => {
    const run = () => generationCost(llama7b, H100_SXM, { prompt: 3000, output: 2000 })
    expect(run).toThrow(BaseError)
    expect(run).toThrow(/prompt 3000 \+ output 2000 = 5000 tokens exceeds the decoder's context of 4096/)
    try {
      run()
    } catch (error) {
      expect((error as BaseError).kind).toBe('input')
    }
    expect(() => generationCost(llama7b, H100_SXM, { prompt: 0, output: 4 })).toThrow(
      /prompt must be an integer >= 1/,
    )
    expect(() => generationCost(llama7b, H100_SXM, { prompt: 4, output: 2.5 })).toThrow(
      /output must be an integer/,
    )
  })
})
