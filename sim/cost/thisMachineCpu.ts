import { checkHardware } from './checkHardware.ts'
import type { HardwareCostProfile } from './types.ts'

/**
 * A 2-vCPU cloud VM's on-demand price, as a default until a scenario names what it pays:
 * $0.0816/h for AWS m7g.large in us-east-1 (June 2026) as quoted by
 * https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/ —
 * a third-party page, not verified against AWS's own price list.
 */
export const CPU_VM_PRICE_PER_SECOND = 0.0816 / 3600

export type CpuMeasurement = {
  /** FLOP/s this machine sustained on a real matrix product (what `verisim calibrate` measures). */
  flopsPerSecond: number
  /** Bytes/s it sustained streaming weights. */
  bytesPerSecond: number
  pricePerSecond?: number
  batchSize?: number
}

/** This machine's CPU as a cost profile, from calibration figures rather than a datasheet. */
export function thisMachineCpu(measured: CpuMeasurement): HardwareCostProfile {
  return checkHardware({
    name: 'this machine (CPU)',
    peakFlops: measured.flopsPerSecond,
    memoryBandwidth: measured.bytesPerSecond,
    pricePerSecond: measured.pricePerSecond ?? CPU_VM_PRICE_PER_SECOND,
    batchSize: measured.batchSize ?? 1,
    source:
      measured.pricePerSecond === undefined
        ? 'measured here; price: a 2-vCPU cloud VM at $0.0816/h (third-party quote, not verified)'
        : 'measured here; price given',
  })
}
