import type { CompareResult, GenerationOrder } from '../../sim/index.ts'
import { checkpointBlocks } from './checkpointBlocks.ts'
import { generate } from './generate.ts'
import type { Generation, GenerationCheat, GenerationRequest } from './generationTypes.ts'
import type { OpenDecoder } from './openDecoder.ts'
import { type GenerationTolerance, verifyGeneration } from './verifyGeneration.ts'

/**
 * A checker's compare of one generation job, in one thread: the claimed host's generation is
 * re-created (its cache lives and dies inside generate), then checked by ONE prefill over
 * prompt and output on the checker's decoder, which yields every block's state at once. Real
 * checkpoints agree when they pass; padding checkpoints always agree. `flops` and `generation` describe the check: one prefill, no decode.
 */
export async function compareGeneration(
  claimed: {
    decoder: OpenDecoder
    cheat?: GenerationCheat | undefined
    /** The claim as its host's serving batch gave it; absent, it is re-created alone. */
    generation?: Generation | undefined
  },
  reference: OpenDecoder,
  request: GenerationRequest,
  order: GenerationOrder,
  tolerance: GenerationTolerance,
): Promise<CompareResult> {
  const generation = claimed.generation ?? (await generate(claimed.decoder, request, claimed.cheat))
  const verdict = await verifyGeneration(reference, request, generation, tolerance)
  const blocks = checkpointBlocks(reference.built)
  return {
    // Chunk-major (chunk, block) checkpoints: a block before the last agrees when its digest is
    // within tolerance, the last when the whole chunk (digest and tokens) passed.
    agree: Array.from({ length: order.checkpoints }, (_, i) => {
      const chunk = verdict.chunks[Math.floor(i / blocks)]
      if (!chunk) return true
      const b = i % blocks
      return b === blocks - 1 ? chunk.passed : chunk.blocks[b] === true
    }),
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
