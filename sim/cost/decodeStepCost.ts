import { InputError } from '../../errors/index.ts'
import { passCost } from './passCost.ts'
import type { DecoderArithmetic, HardwareCostProfile, PhaseCost } from './types.ts'

/**
 * One decode step with `position` tokens already cached: one token through every weight
 * (2 FLOPs each) and attention over position + 1 keys; it reads all weights and the cached
 * keys and values and writes its own, (position + 1) × the KV bytes of a token.
 */
export function decodeStepCost(
  decoder: DecoderArithmetic,
  hardware: HardwareCostProfile,
  position: number,
): PhaseCost {
  if (!Number.isInteger(position) || position < 0 || position >= decoder.context)
    throw new InputError(
      `decode step at position ${position}: must be an integer from 0 to ${decoder.context - 1}`,
    )
  const flops = 2 * decoder.matmulParams + decoder.attentionFlopsPerPosition * (position + 1)
  return passCost(hardware, flops, decoder.weightBytes, (position + 1) * decoder.kvBytesPerToken)
}
