import type { HonestNull, SequentialState } from './types.ts'

/** A verifier's statistics for one checked chunk, as verifyGeneration reports them. */
export type ChunkEvidence = {
  /** Tokens in the chunk. */
  count: number
  /** Mean |claimed − recomputed| over the chunk's shared top-k values. */
  meanValueDistance: number
  /** The commitment had the promised shape and hash; without it there is nothing to compare. */
  wellFormed: boolean
}

/**
 * Adds one chunk to a host's test (see startSequentialTest for the statistic and thresholds)
 * and returns the new state; a decided test stays decided. The score is the chunk's mean
 * |value difference| standardized by the honest null: the mean over a chunk's 4·count values
 * is close to normal where the largest is not, and it is the statistic an 8-bit KV cache
 * shifts on every chunk. A malformed chunk, or one with no shared value (distance Infinity),
 * scores +Infinity and convicts: no honest host sends one.
 */
export function observeChunk(
  state: SequentialState,
  chunk: ChunkEvidence,
  honest: HonestNull,
): SequentialState {
  if (state.verdict !== 'continue') return state
  const distance = chunk.wellFormed ? chunk.meanValueDistance : Number.POSITIVE_INFINITY
  // NaN would stall the walk forever; a distance that is not a number is no honest distance.
  const score = Number.isNaN(distance) ? Number.POSITIVE_INFINITY : (distance - honest.mean) / honest.sd
  const { delta } = state.options
  const logLikelihoodRatio = state.logLikelihoodRatio + delta * score - (delta * delta) / 2
  const tokens = state.tokens + chunk.count
  const verdict =
    logLikelihoodRatio >= state.convictAt
      ? 'convict'
      : logLikelihoodRatio <= state.clearAt
        ? 'clear'
        : 'continue'
  return {
    ...state,
    logLikelihoodRatio,
    chunks: state.chunks + 1,
    tokens,
    maxScore: Math.max(state.maxScore, score),
    verdict,
    decidedAtTokens: verdict === 'continue' ? null : tokens,
  }
}
