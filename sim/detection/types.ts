/**
 * The honest null for one model and one set of hardware profiles: the per-chunk mean |value
 * difference| a verifier sees from honest hosts. `mean` is the worst honest profile's mean (at
 * its upper two-standard-error bound), `sd` the largest spread of any honest profile, so every
 * honest profile sits at or below the null.
 */
export type HonestNull = {
  mean: number
  sd: number
  /** Honest chunks the figures come from, and the profile whose mean set `mean`. */
  chunks: number
  worstProfile: string
}

/** What the test is asked to guarantee: false convictions ≤ α, and the shift it is tuned for. */
export type SequentialTestOptions = {
  /** Largest probability that an honest host is ever convicted by this test, in (0, 0.5). */
  alpha: number
  /** Probability that a host shifted by `delta` is cleared instead of convicted, in (0, 0.5). */
  beta: number
  /** The shift of the standardized chunk score, in honest standard deviations, to detect. */
  delta: number
}

export type SequentialVerdict = 'continue' | 'convict' | 'clear'

/** One host's evidence so far; it carries over chunks and over that host's jobs. */
export type SequentialState = {
  options: SequentialTestOptions
  /** Wald's log-likelihood-ratio thresholds, from α and β. */
  convictAt: number
  clearAt: number
  /** Sum of the per-chunk log-likelihood ratios observed. */
  logLikelihoodRatio: number
  chunks: number
  tokens: number
  /** Largest standardized chunk score seen: the single strongest piece of evidence. */
  maxScore: number
  verdict: SequentialVerdict
  /** Tokens observed when the verdict left 'continue', or null while it has not. */
  decidedAtTokens: number | null
}
