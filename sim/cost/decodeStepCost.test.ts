import { describe, expect, it } from 'vitest'
import { llamaDecoder } from '../fixtures/llamaDecoder.ts'
import { decodeStepCost } from './decodeStepCost.ts'
import { describeDecoder } from './describeDecoder.ts'
import { H100_SXM } from './hardwareProfiles.ts'
import type { HardwareCostProfile } from './types.ts'

const llama7b = llamaDecoder('Llama-2-7B')

describe('decodeStepCost', () => {
  it('is memory-bound for a 7B model on an H100 at batch 1, at the first and the last position', () => {
    expect(H100_SXM.batchSize).toBe(1)
    expect(decodeStepCost(llama7b, H100_SXM, 0).bound).toBe('memory')
    expect(decodeStepCost(llama7b, H100_SXM, 4095).bound).toBe('memory')
  })

  it('times a 70B fp16 step at batch 1 on 3.35 TB/s at about 140 GB ÷ 3.35 TB/s ≈ 42 ms', () => {
    const seventy = describeDecoder({
      params: 70e9,
      width: 8192,
      blocks: 80,
      kvWidth: 1024,
      context: 4096,
      bytesPerWeight: 2,
      kvBytesPerElement: 2,
    })
    const step = decodeStepCost(seventy, H100_SXM, 0)
    expect(step.bytes).toBeCloseTo(140e9, -9)
    expect(step.seconds * 1e3).toBeGreaterThan(41.5)
    expect(step.seconds * 1e3).toBeLessThan(42.5)
    // The Llama 2 70B shape: 68.7B matrix weights, plus the KV cache of 4096 positions.
    const shaped = decodeStepCost(llamaDecoder('Llama-2-70B'), H100_SXM, 4095)
    const expected = (68.713e9 * 2 + 4096 * 2 * 80 * 1024 * 2) / 3.35e12
    expect(shaped.seconds).toBeCloseTo(expected, 4)
    expect(shaped.usd).toBeCloseTo(shaped.seconds * H100_SXM.pricePerSecond, 12)
  })

  it('shares weight reads across the batch but not the KV cache', () => {
    const batched: HardwareCostProfile = { ...H100_SXM, batchSize: 8 }
    const alone = decodeStepCost(llama7b, H100_SXM, 1000)
    const shared = decodeStepCost(llama7b, batched, 1000)
    const kv = 1001 * llama7b.kvBytesPerToken
    expect(alone.bytes).toBeCloseTo(llama7b.weightBytes + kv, 0)
    expect(shared.bytes).toBeCloseTo(llama7b.weightBytes / 8 + kv, 0)
    expect(shared.machineSeconds).toBeLessThan(alone.machineSeconds)
    // Every generation in the batch waits for the whole pass.
    expect(shared.seconds).toBeCloseTo(8 * shared.machineSeconds, 12)
    expect(shared.seconds).toBeGreaterThan(alone.seconds)
  })

  it('becomes compute-bound once the batch shares the weights widely enough', () => {
    // Ridge ≈ 295 FLOP/byte on an H100; one token does 2 FLOPs per 2-byte weight, so ~300 sequences.
    expect(decodeStepCost(llama7b, { ...H100_SXM, batchSize: 64 }, 0).bound).toBe('memory')
    expect(decodeStepCost(llama7b, { ...H100_SXM, batchSize: 512 }, 0).bound).toBe('compute')
  })

  it('refuses a hardware profile whose batch or rates would give NaN or Infinity', () => {
    expect(() => decodeStepCost(llama7b, { ...H100_SXM, batchSize: 0 }, 0)).toThrow(
      /hardware profile H100 SXM: batchSize must be an integer >= 1, got 0/,
    )
    expect(() => decodeStepCost(llama7b, { ...H100_SXM, memoryBandwidth: 0 }, 0)).toThrow(/memoryBandwidth/)
  })

  it('refuses a position outside the context', () => {
    expect(() => decodeStepCost(llama7b, H100_SXM, 4096)).toThrow(
      /position 4096: must be an integer from 0 to 4095/,
    )
  })
})
