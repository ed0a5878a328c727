import { checkWorkload } from './checkWorkload.ts'
import { prefillCost } from './prefillCost.ts'
import type { DecoderArithmetic, GenerationWorkload, HardwareCostProfile, PhaseCost } from './types.ts'

/**
 * A verifier's re-check of one generation: one prefill over prompt + output, which yields
 * every position's hidden state and next-token distribution at once (TOPLOC, arXiv 2501.16007).
 */
export function verificationCost(
  decoder: DecoderArithmetic,
  hardware: HardwareCostProfile,
  workload: GenerationWorkload,
): PhaseCost {
  const { prompt, output } = checkWorkload(decoder, workload)
  return prefillCost(decoder, hardware, prompt + output)
}
