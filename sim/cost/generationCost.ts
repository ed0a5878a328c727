import { checkWorkload } from './checkWorkload.ts'
import { decodeStepCost } from './decodeStepCost.ts'
import { prefillCost } from './prefillCost.ts'
import type { DecoderArithmetic, GenerationCost, GenerationWorkload, HardwareCostProfile } from './types.ts'

/**
 * A host's generation: a prefill over the prompt, then one decode step per output token at
 * positions prompt … prompt + output − 1. That is prompt → prefill → N decode steps as the
 * engine runs it: the last step also yields the last token's hidden state, which the host
 * commits, so host and verifier put the same prompt + output positions through the model
 * and differ only in how often they read the weights.
 */
export function generationCost(
  decoder: DecoderArithmetic,
  hardware: HardwareCostProfile,
  workload: GenerationWorkload,
): GenerationCost {
  const { prompt, output } = checkWorkload(decoder, workload)
  const prefill = prefillCost(decoder, hardware, prompt)
  const decode = { flops: 0, bytes: 0, seconds: 0, machineSeconds: 0, usd: 0 }
  const decodeSteps = { memoryBound: 0, computeBound: 0 }
  for (let position = prompt; position < prompt + output; position++) {
    const step = decodeStepCost(decoder, hardware, position)
    decode.flops += step.flops
    decode.bytes += step.bytes
    decode.seconds += step.seconds
    decode.machineSeconds += step.machineSeconds
    decode.usd += step.usd
    if (step.bound === 'memory') decodeSteps.memoryBound++
    else decodeSteps.computeBound++
  }
  return {
    prefill,
    decode,
    decodeSteps,
    seconds: prefill.seconds + decode.seconds,
    machineSeconds: prefill.machineSeconds + decode.machineSeconds,
    usd: prefill.usd + decode.usd,
  }
}
