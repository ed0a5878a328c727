import { InputError } from '../../errors/index.ts'
import type { GenerationCheat, Sampling } from './generationTypes.ts'
import { scoreTokens } from './scoreTokens.ts'

/**
 * The next token from one position's logits, as every host and checker picks it alone or in a
 * batch: a bias cheat shifts its tokens' logits first; greedy takes the largest logit (no copy
 * per token), sampled decoding the largest of scoreTokens' keyed scores at `position`. Ties go to
 * the lower token id, on every host alike.
 */
export function pickToken(
  logits: Float32Array,
  sampling: Sampling,
  cheat: GenerationCheat | undefined,
  position: number,
): number {
  const shifted = cheat?.kind === 'bias' ? biased(logits, cheat.tokens, cheat.bias) : logits
  return argmax(sampling.kind === 'greedy' ? shifted : scoreTokens(shifted, sampling, position))
}

/** The sampling a job decodes with: a reseed cheat swaps the sampler's seed. */
export function samplingOf(sampling: Sampling, cheat: GenerationCheat | undefined): Sampling {
  if (cheat?.kind !== 'reseed') return sampling
  if (sampling.kind === 'greedy')
    throw new InputError('a reseeded sampler needs sampled decoding, not greedy')
  return { ...sampling, seed: cheat.seed }
}

function biased(logits: Float32Array, tokens: number[], bias: number): Float32Array {
  const out = Float32Array.from(logits)
  for (const token of tokens) out[token] = (out[token] as number) + bias
  return out
}

function argmax(scores: Float32Array | Float64Array): number {
  let best = 0
  for (let i = 1; i < scores.length; i++) if ((scores[i] as number) > (scores[best] as number)) best = i
  return best
}
