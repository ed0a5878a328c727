import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { describeDecoder } from './describeDecoder.ts'
import { generationCost } from './generationCost.ts'
import { H100_SXM, RTX_4090 } from './hardwareProfiles.ts'
import { LLAMA_LIKE_DECODERS } from './llamaLikeDecoders.ts'
import type { DecoderSize, HardwareCostProfile } from './types.ts'
import { verificationCost } from './verificationCost.ts'

const anyDecoder: fc.Arbitrary<DecoderSize> = fc.record({
  width: fc.integer({ min: 8, max: 16384 }),
  blocks: fc.integer({ min: 1, max: 128 }),
  vocab: fc.integer({ min: 2, max: 200_000 }),
  kvWidth: fc.integer({ min: 1, max: 16384 }),
  gatedMlp: fc.boolean(),
  tiedEmbeddings: fc.boolean(),
  bytesPerWeight: fc.constantFrom(0.5, 1, 2, 4),
  kvBytesPerElement: fc.constantFrom(1, 2, 4),
  context: fc.integer({ min: 2, max: 600 }),
})

const anyHardware: fc.Arbitrary<HardwareCostProfile> = fc.record({
  name: fc.constant('arbitrary'),
  peakFlops: fc.double({ min: 1e9, max: 1e16, noNaN: true }),
  memoryBandwidth: fc.double({ min: 1e8, max: 1e13, noNaN: true }),
  pricePerSecond: fc.double({ min: 1e-6, max: 1, noNaN: true }),
  batchSize: fc.integer({ min: 1, max: 512 }),
  source: fc.constant('test'),
})

/** A prompt of at least one token, the rest of the context the output. */
const split = (context: number, share: number) => {
  const prompt = 1 + Math.floor(share * (context - 2))
  return { prompt, output: context - prompt }
}

describe('verificationCost', () => {
  it('costs less than generating, and verify ÷ generate falls as the output grows (H100, RTX 4090; 1B–70B)', () => {
    for (const hardware of [H100_SXM, RTX_4090]) {
      for (const { name, source: _, ...shape } of LLAMA_LIKE_DECODERS) {
        const decoder = describeDecoder({ ...shape, bytesPerWeight: 2, kvBytesPerElement: 2 })
        let previous = Number.POSITIVE_INFINITY
        for (let output = 1; output <= 3584; output *= 2) {
          const workload = { prompt: 512, output }
          const ratio =
            verificationCost(decoder, hardware, workload).usd /
            generationCost(decoder, hardware, workload).usd
          expect(ratio, `${name} on ${hardware.name}, N = ${output}`).toBeLessThan(1)
          expect(ratio, `${name} on ${hardware.name}, N = ${output}`).toBeLessThan(previous)
          previous = ratio
        }
        // Long outputs approach the ridge: one weight read per token against FLOPs for all of them.
        expect(previous, `${name} on ${hardware.name}`).toBeLessThan(0.01)
      }
    }
  })

  it('does the same FLOPs as the generation it checks, for any decoder and workload', () => {
    fc.assert(
      fc.property(anyDecoder, fc.double({ min: 0, max: 1, noNaN: true }), (size, share) => {
        const decoder = describeDecoder(size)
        const workload = split(size.context, share)
        const generation = generationCost(decoder, H100_SXM, workload)
        const flops = generation.prefill.flops + generation.decode.flops
        expect(Math.abs(verificationCost(decoder, H100_SXM, workload).flops - flops) / flops).toBeLessThan(
          1e-9,
        )
      }),
      { numRuns: 50 },
    )
  })

  it('never costs more than the generation, on any hardware and batch size', () => {
    fc.assert(
      fc.property(
        anyDecoder,
        anyHardware,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (size, hardware, share) => {
          const decoder = describeDecoder(size)
          const workload = split(size.context, share)
          const verification = verificationCost(decoder, hardware, workload)
          const generation = generationCost(decoder, hardware, workload)
          // max(Σa, Σb) ≤ Σ max(a, b), and the verifier reads the weights once where the host reads them N + 1 times.
          expect(verification.machineSeconds).toBeLessThanOrEqual(generation.machineSeconds * (1 + 1e-12))
          expect(verification.usd).toBeLessThanOrEqual(generation.usd * (1 + 1e-12))
        },
      ),
      { numRuns: 100 },
    )
  })
})
