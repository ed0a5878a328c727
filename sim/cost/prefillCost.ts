import { InputError } from '../../errors/index.ts'
import { passCost } from './passCost.ts'
import type { DecoderArithmetic, HardwareCostProfile, PhaseCost } from './types.ts'

/**
 * One forward pass over `tokens` positions from an empty cache (a host's prompt, or a
 * verifier's prompt + output). Its FLOPs are 2 × matmul weights per token plus causal
 * attention, Σ over t of attention × (t + 1); it reads the weights once and writes every
 * token's keys and values. The issue states prefill as FLOPs ÷ peak; the roofline gives exactly
 * that once tokens pass the ridge point (peak ÷ bandwidth × bytes per weight ÷ 2: ≈ 295 on an
 * H100 at bf16), and below it charges the weight read, which a short pass still cannot avoid.
 */
export function prefillCost(
  decoder: DecoderArithmetic,
  hardware: HardwareCostProfile,
  tokens: number,
): PhaseCost {
  if (!Number.isInteger(tokens) || tokens < 1 || tokens > decoder.context)
    throw new InputError(
      `prefill of ${tokens} tokens: must be an integer from 1 to the context, ${decoder.context}`,
    )
  const attended = (tokens * (tokens + 1)) / 2
  const flops = 2 * decoder.matmulParams * tokens + decoder.attentionFlopsPerPosition * attended
  return passCost(hardware, flops, decoder.weightBytes, tokens * decoder.kvBytesPerToken)
}
