import type { GenerationOrder } from '../../sim/index.ts'
import type { GenerationRequest } from './generationTypes.ts'
import { promptFromSeed } from './promptFromSeed.ts'

/**
 * The generation a job's order and seed stand for: the prompt expanded from the seed and, for
 * sampled decoding, the Gumbel draws seeded by the job's seed itself (drawGumbel names its
 * stream apart from the prompt's), so a verifier holding the seed reproduces every token.
 */
export function requestFromOrder(
  order: GenerationOrder,
  inputSeed: number,
  vocab: number,
): GenerationRequest {
  const { promptTokens, outputTokens, sampling, chunkSize, topK } = order
  return {
    prompt: promptFromSeed(inputSeed, promptTokens, vocab),
    outputTokens,
    sampling: sampling.kind === 'greedy' ? sampling : { ...sampling, seed: inputSeed },
    chunkSize,
    topK,
  }
}
