import { drawGumbel } from './drawGumbel.ts'
import type { Sampling } from './generationTypes.ts'

/**
 * The scores whose argmax is the token chosen at `position`: the logits themselves when greedy,
 * logits / temperature plus that position's Gumbel noise when sampling (Gumbel-max draws exactly
 * from softmax(logits / temperature)). Generation takes the argmax; verification measures how
 * far the claimed token's score is below it.
 */
export function scoreTokens(logits: Float32Array, sampling: Sampling, position: number): Float64Array {
  const scores = Float64Array.from(logits)
  if (sampling.kind === 'greedy') return scores
  const noise = drawGumbel(sampling.seed, position, logits.length)
  for (let i = 0; i < scores.length; i++)
    scores[i] = (scores[i] as number) / sampling.temperature + (noise[i] as number)
  return scores
}
