import type { CompareResult, GenerationOrder } from '../../sim/index.ts'
import { generate } from './generate.ts'
import type { GenerationCheat, GenerationRequest } from './generationTypes.ts'
import type { OpenDecoder } from './openDecoder.ts'
import { type GenerationTolerance, verifyGeneration } from './verifyGeneration.ts'

/**
 * A checker's compare of one generation job, in one thread: the claimed host's generation is
 * re-created (its cache lives and dies inside generate), then checked by ONE prefill over
 * prompt and output on the checker's decoder. Real chunks agree when they pass; padding
 * checkpoints always agree. `flops` and `generation` describe the check: one prefill, no decode.
 */
export async function compareGeneration(
  claimed: { decoder: OpenDecoder; cheat?: GenerationCheat | undefined },
  reference: OpenDecoder,
  request: GenerationRequest,
  order: GenerationOrder,
  tolerance: GenerationTolerance,
): Promise<CompareResult> {
  const generation = await generate(claimed.decoder, request, claimed.cheat)
  const verdict = await verifyGeneration(reference, request, generation, tolerance)
  return {
    agree: Array.from({ length: order.checkpoints }, (_, c) => verdict.chunks[c]?.passed ?? true),
    flops: verdict.flops,
    chunks: verdict.chunks.map(({ start, count, meanValueDistance, tokenMismatches, passed }) => ({
      start,
      count,
      meanValueDistance,
      tokenMismatches,
      passed,
    })),
    generation: {
      promptTokens: order.promptTokens,
      outputTokens: order.outputTokens,
      prefillFlops: verdict.flops,
      decodeFlops: 0,
    },
  }
}
