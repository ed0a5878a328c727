import { checkHardware } from './checkHardware.ts'
import type { HardwareCostProfile, PhaseCost } from './types.ts'

/**
 * One sequence's share of a forward pass on the roofline: the pass takes the longer of its
 * memory traffic ÷ bandwidth and its FLOPs ÷ peak (Williams et al., "Roofline", CACM 2009).
 *
 * A batch of `batchSize` sequences runs through the same weights in one pass, so the weights
 * are streamed once for all of them: each sequence carries weights ÷ batchSize of the traffic,
 * plus its own KV cache, which is never shared, and all of its own FLOPs. The pass takes
 * batchSize × the share (what every sequence in it waits); each sequence pays for the share.
 */
export function passCost(
  hardware: HardwareCostProfile,
  flops: number,
  sharedBytes: number,
  ownBytes: number,
): PhaseCost {
  checkHardware(hardware)
  const bytes = sharedBytes / hardware.batchSize + ownBytes
  const memorySeconds = bytes / hardware.memoryBandwidth
  const computeSeconds = flops / hardware.peakFlops
  const share = Math.max(memorySeconds, computeSeconds)
  return {
    flops,
    bytes,
    seconds: share * hardware.batchSize,
    machineSeconds: share,
    usd: share * hardware.pricePerSecond,
    bound: memorySeconds >= computeSeconds ? 'memory' : 'compute',
  }
}
