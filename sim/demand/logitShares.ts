import { BaseError } from '../../errors/index.ts'

/**
 * Multinomial-logit choice probabilities: s_i = e^(u_i) / Σ_j e^(u_j). The largest utility is
 * subtracted first so no exponential overflows; utilities of any size give shares that sum to
 * 1. A provider that cannot be chosen (an outage) has utility −Infinity and share 0; when every
 * provider is out, every share is 0.
 */
export function logitShares(utilities: readonly number[]): number[] {
  let top = Number.NEGATIVE_INFINITY
  for (const u of utilities) {
    if (Number.isNaN(u) || u === Number.POSITIVE_INFINITY)
      throw new BaseError(`a provider's utility must be a number or -Infinity, got ${u}`)
    if (u > top) top = u
  }
  if (top === Number.NEGATIVE_INFINITY) return utilities.map(() => 0)
  const weights = utilities.map((u) => Math.exp(u - top))
  const total = weights.reduce((sum, w) => sum + w, 0)
  return weights.map((w) => w / total)
}
