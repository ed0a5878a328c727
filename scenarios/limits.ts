/**
 * What a scenario may ask for, so that every accepted file fits a machine and every run ends.
 * The README's "Limits" section lists the same numbers and why.
 */
export const limits = {
  /** A scenario file is a few kilobytes; anything this large is not one (and parsing it costs memory). */
  maxFileBytes: 4 * 1024 * 1024,
  /** YAML nesting: a scenario is at most six levels deep; deeper text would only overflow the parser's stack. */
  maxDepth: 64,
  /** Aliases a document may expand: a few are useful, thousands are an alias bomb. */
  maxAliasCount: 100,
  /** Weights of a built-in model, at 4 bytes a parameter: what one machine can build and hold. */
  maxModelBytes: 4 * 1024 ** 3,
  /**
   * A decoder's context, and so any prompt or output, in tokens: the learned position table is
   * context × width, and 65,536 is beyond what a CPU generates with in a run.
   */
  maxContext: 65_536,
  /** A decoder's vocabulary: the embedding and head are vocab × width each. */
  maxVocab: 1_048_576,
  /** Runs one plan may hold (points × replicates), checked before a sweep is expanded. */
  maxRuns: 100_000,
  /** Blocks one run may mine: (duration + challengeWindow + 32 × moveTimeout + refereeTimeout) ÷ blockTime. */
  maxBlocks: 2_000_000,
  /** The run mines every block of a challenge window, so it is bounded: 7 days. */
  maxChallengeWindow: 7 * 86_400,
  /** Move, referee and batching timeouts: one day. */
  maxTimeout: 86_400,
  /** Unbonding is only a contract parameter but must exceed the dispute timeline: one year. */
  maxUnbondingDelay: 365 * 86_400,
  /**
   * Simulated requesters of a demand market: Σ ceil(share × marketSize ÷ weight), every one of
   * which sim's createMarket gives a ledger account at set-up and an arrived one its decaying
   * experience of every provider (a few hundred bytes to a few kilobytes): 200,000 stay well under
   * a gigabyte. A larger demand.weight makes a larger market fit.
   */
  maxSimulatedRequesters: 200_000,
  /** The chain's smallest token amount (sim/units.ts rounds to 1e-9 token). */
  smallestAmount: 1e-9,
  /** The chain's smallest fraction (parts per million). */
  smallestFraction: 1e-6,
} as const
