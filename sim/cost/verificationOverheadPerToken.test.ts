import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { llamaDecoder } from '../fixtures/llamaDecoder.ts'
import { generationCost } from './generationCost.ts'
import { H100_SXM, RTX_4090 } from './hardwareProfiles.ts'
import { verificationCost } from './verificationCost.ts'
import { verificationOverheadPerToken } from './verificationOverheadPerToken.ts'

const llama7b = llamaDecoder('Llama-2-7B')
const workload = { prompt: 512, output: 256 }
const onH100 = { host: H100_SXM, verifier: H100_SXM }

describe('verificationOverheadPerToken', () => {
  it('charges replication k − 1 whole generations, and sampling p prefills', () => {
    const generation = generationCost(llama7b, H100_SXM, workload)
    const prefill = verificationCost(llama7b, H100_SXM, workload)
    const none = verificationOverheadPerToken(llama7b, onH100, workload, { mode: 'none' })
    expect(none).toEqual({ machineSecondsPerToken: 0, usdPerToken: 0, overhead: 0 })
    const replication = verificationOverheadPerToken(llama7b, onH100, workload, {
      mode: 'replication',
      replicas: 3,
    })
    expect(replication.overhead).toBeCloseTo(2, 12)
    expect(replication.usdPerToken).toBeCloseTo((2 * generation.usd) / 256, 15)
    const sampling = verificationOverheadPerToken(llama7b, onH100, workload, {
      mode: 'sampling',
      probability: 0.1,
    })
    expect(sampling.usdPerToken).toBeCloseTo((0.1 * prefill.usd) / 256, 15)
    // Re-checking every result by prefill costs a few percent of generating it, against 100% for a replica.
    const everything = verificationOverheadPerToken(llama7b, onH100, workload, {
      mode: 'optimistic',
      checkRate: 1,
    })
    expect(everything.overhead).toBeLessThan(0.05)
    expect(everything.overhead).toBeCloseTo(prefill.usd / generation.usd, 12)
  })

  it('prices the prefill on the verifier’s hardware and the generation on the host’s', () => {
    const mixed = verificationOverheadPerToken(llama7b, { host: H100_SXM, verifier: RTX_4090 }, workload, {
      mode: 'sampling',
      probability: 1,
    })
    const prefill = verificationCost(llama7b, RTX_4090, workload)
    expect(mixed.usdPerToken).toBeCloseTo(prefill.usd / 256, 15)
    expect(mixed.overhead).toBeCloseTo(prefill.usd / generationCost(llama7b, H100_SXM, workload).usd, 12)
  })

  it('grows linearly with the sampling rate and the check rate', () => {
    const unit = verificationOverheadPerToken(llama7b, onH100, workload, { mode: 'sampling', probability: 1 })
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        const sampled = verificationOverheadPerToken(llama7b, onH100, workload, {
          mode: 'sampling',
          probability: p,
        })
        const watched = verificationOverheadPerToken(llama7b, onH100, workload, {
          mode: 'optimistic',
          checkRate: p,
        })
        expect(sampled.usdPerToken).toBeCloseTo(p * unit.usdPerToken, 15)
        expect(watched.usdPerToken).toBeCloseTo(sampled.usdPerToken, 15)
      }),
      { numRuns: 30 },
    )
  })

  it('refuses rates outside [0, 1] and replica counts below 1', () => {
    expect(() =>
      verificationOverheadPerToken(llama7b, onH100, workload, { mode: 'sampling', probability: 1.5 }),
    ).toThrow(/probability must be from 0 to 1, got 1.5/)
    expect(() =>
      verificationOverheadPerToken(llama7b, onH100, workload, { mode: 'replication', replicas: 0 }),
    ).toThrow(/replicas must be an integer >= 1, got 0/)
  })
})
