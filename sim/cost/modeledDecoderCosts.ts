import { describeDecoder } from './describeDecoder.ts'
import { generationCost } from './generationCost.ts'
import { LLAMA_LIKE_DECODERS, type NamedDecoder } from './llamaLikeDecoders.ts'
import type { DecoderCostRow, GenerationWorkload, HardwareCostProfile } from './types.ts'
import { verificationCost } from './verificationCost.ts'

export type ModeledOptions = {
  /** 2 (fp16/bf16) when absent. */
  bytesPerWeight?: number
  /** 2 (fp16 cache) when absent. */
  kvBytesPerElement?: number
  decoders?: readonly NamedDecoder[]
}

/**
 * Generation and verification figures for model sizes that do not run on this machine, from
 * the roofline arithmetic alone: every row is `modeled: true` and must be reported as such.
 */
export function modeledDecoderCosts(
  hardware: HardwareCostProfile,
  workload: GenerationWorkload,
  options: ModeledOptions = {},
): DecoderCostRow[] {
  return (options.decoders ?? LLAMA_LIKE_DECODERS).map(({ name, source, ...shape }) => {
    const decoder = describeDecoder({
      ...shape,
      bytesPerWeight: options.bytesPerWeight ?? 2,
      kvBytesPerElement: options.kvBytesPerElement ?? 2,
    })
    const generation = generationCost(decoder, hardware, workload)
    const verification = verificationCost(decoder, hardware, workload)
    return {
      name,
      params: decoder.params,
      modeled: true,
      hardware: hardware.name,
      prompt: workload.prompt,
      output: workload.output,
      generation: { seconds: generation.seconds, usd: generation.usd },
      verification: { seconds: verification.seconds, usd: verification.usd },
      generationUsdPerToken: generation.usd / workload.output,
      verificationUsdPerToken: verification.usd / workload.output,
      verifyOverGenerate: verification.machineSeconds / generation.machineSeconds,
      source: `${source}; ${hardware.source}`,
    }
  })
}
