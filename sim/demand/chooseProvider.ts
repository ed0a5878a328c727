import type { Rng } from '../rngStreams.ts'
import { logitShares } from './logitShares.ts'

/**
 * One logit draw among providers: the index whose cumulative share interval holds one uniform
 * draw, or null when no provider can be chosen. It takes exactly one draw from `rng` per call,
 * so a requester's stream stays aligned whatever it chooses.
 */
export function chooseProvider(rng: Rng, utilities: readonly number[]): number | null {
  const shares = logitShares(utilities)
  const u = rng()
  let last: number | null = null
  let cumulative = 0
  for (let i = 0; i < shares.length; i++) {
    const share = shares[i] as number
    if (share === 0) continue
    cumulative += share
    last = i
    if (u < cumulative) return i
  }
  // Shares that sum to 1 − ε leave a sliver at the top: it belongs to the last possible provider.
  return last
}
