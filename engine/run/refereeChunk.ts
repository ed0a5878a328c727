import type { LayerCheckResult } from '../../sim/index.ts'
import { DEFAULT_CHUNK_SIZE } from './checkGenerationRequest.ts'
import { generate } from './generate.ts'
import type { GenerationCheat, GenerationRequest } from './generationTypes.ts'
import type { OpenDecoder } from './openDecoder.ts'
import { type GenerationTolerance, verifyGeneration } from './verifyGeneration.ts'

/**
 * The referee's step on a generation: chunk `chunk` (1-based) of the claimed generation, checked
 * by a prefill over the prompt and the output up to that chunk's end on the referee's decoder.
 * Generation is causal, so the claim up to that end is re-created by generating that many
 * tokens, bit for bit the prefix of the whole claim. The caller answers padding chunks itself.
 */
export async function refereeChunk(
  claimed: { decoder: OpenDecoder; cheat?: GenerationCheat | undefined },
  referee: OpenDecoder,
  request: GenerationRequest,
  chunk: number,
  tolerance: GenerationTolerance,
): Promise<LayerCheckResult> {
  const chunkSize = request.chunkSize ?? DEFAULT_CHUNK_SIZE
  const upTo = { ...request, outputTokens: Math.min(chunk * chunkSize, request.outputTokens) }
  const generation = await generate(claimed.decoder, upTo, claimed.cheat)
  const verdict = await verifyGeneration(referee, upTo, generation, tolerance)
  return { agree: verdict.chunks[chunk - 1]?.passed ?? false, flops: verdict.flops }
}
