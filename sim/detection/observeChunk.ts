import type { HonestNull, SequentialState } from './types.ts'

/** A verifier's statistics for one checked chunk, as verifyGeneration reports them. */
export type ChunkEvidence = {
  /** Tokens in the chunk. */
  count: number
  /** Mean |claimed − recomputed| over the chunk's shared top-k values. */
  meanValueDistance: number
  /** The commitment had the promised shape and hash; without it there is nothing to compare. */
  wellFormed: boolean
  /**
   * Tokens the verifier's prefill (and reproduced draw) does not re-derive beyond the token
   * margin. Absent: not checked.
   */
  tokenMismatches?: number
}

/**
 * Adds one chunk to a host's test (see startSequentialTest for the statistic and thresholds)
 * and returns the new state; a decided test stays decided. The score is the chunk's mean
 * |value difference| standardized by the honest null: the mean over a chunk's 4·count values
 * is close to normal where the largest is not, and it is the statistic an 8-bit KV cache
 * shifts on every chunk. A malformed chunk, one with no shared value (distance Infinity), or one
 * with a token the verifier does not re-derive scores +Infinity and convicts: no honest host
 * sends one (0 of 3,072 honest tokens on three hardware profiles did, bench/generationSpread.ts),
 * and a reseeded or biased draw shows in its tokens alone, its hidden states being honest.
 */
export function observeChunk(
  state: SequentialState,
  chunk: ChunkEvidence,
  honest: HonestNull,
): SequentialState {
  if (state.verdict !== 'continue') return state
  const distance =
    chunk.wellFormed && !((chunk.tokenMismatches ?? 0) > 0)
      ? chunk.meanValueDistance
      : Number.POSITIVE_INFINITY
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
