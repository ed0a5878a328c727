import { describe, expect, it } from 'vitest'
import { BaseError } from '../../errors/index.ts'
import { llamaDecoder } from '../fixtures/llamaDecoder.ts'
import { decodeStepCost } from './decodeStepCost.ts'
import { CPU_VM_PRICE_PER_SECOND, thisMachineCpu } from './thisMachineCpu.ts'

describe('thisMachineCpu', () => {
  it('builds a profile from calibration figures, with a default VM price that says it is unverified', () => {
    const cpu = thisMachineCpu({ flopsPerSecond: 5e10, bytesPerSecond: 1e10 })
    expect(cpu).toMatchObject({ peakFlops: 5e10, memoryBandwidth: 1e10, batchSize: 1 })
    expect(cpu.pricePerSecond).toBe(CPU_VM_PRICE_PER_SECOND)
    expect(cpu.source).toMatch(/not verified/)
    const paid = thisMachineCpu({ flopsPerSecond: 5e10, bytesPerSecond: 1e10, pricePerSecond: 1e-4 })
    expect(paid.pricePerSecond).toBe(1e-4)
    // A 7B fp16 step on 10 GB/s: 13.2 GB of weights, over a second.
    expect(decodeStepCost(llamaDecoder('Llama-2-7B'), cpu, 0).seconds).toBeGreaterThan(1.3)
  })

  it('refuses a measurement that is zero, negative or not a number', () => {
    const zero = () => thisMachineCpu({ flopsPerSecond: 0, bytesPerSecond: 1e10 })
    expect(zero).toThrow(BaseError)
    expect(zero).toThrow(/this machine \(CPU\): peakFlops must be a finite number > 0, got 0/)
    expect(() => thisMachineCpu({ flopsPerSecond: 1e9, bytesPerSecond: Number.NaN })).toThrow(
      /memoryBandwidth/,
    )
    expect(() => thisMachineCpu({ flopsPerSecond: 1e9, bytesPerSecond: 1e9, batchSize: 0 })).toThrow(
      /batchSize/,
    )
  })
})
