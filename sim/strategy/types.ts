/**
 * Learning rules for strategic hosts and verifiers (issue 17). Each learner picks between two
 * actions each round: action 1 is the strategic one (a host cheats, a verifier checks), action 0
 * the other (honest, skip). It sees only its own realized payoff (bandit feedback), in tokens.
 * Every learner mixes in `exploration`, so the probability of action 1 stays in
 * [exploration, 1 − exploration]: no state is absorbing, and a verifier that stopped checking
 * still samples checking and resumes when it pays again.
 */

/** 1: cheat (host) or check (verifier); 0: honest or skip. */
export type Action = 0 | 1

/**
 * Smoothed best response: plays action 1 with the logit probability of the difference between the
 * two actions' estimated payoffs, divided by the temperature.
 */
export type LogitRule = {
  rule: 'logit'
  /** Tokens of payoff difference per logit unit, > 0: small is close to a best response. */
  temperature: number
  /**
   * Weight of the newest payoff in an action's running mean once the action has been played
   * 1 ÷ step times, in (0, 1]. Before that the mean is the plain average; after, old payoffs fade,
   * so the estimate follows an opponent that changes its play.
   */
  step: number
  /** Share of play spread evenly over both actions, in (0, 0.5). */
  exploration: number
}

/**
 * Hedge with importance-weighted payoffs (EXP3): the weight of each action grows with
 * e^(eta × its estimated cumulative payoff), where a realized payoff counts divided by the
 * probability the action had, so the estimate is unbiased though only one action is seen.
 */
export type HedgeRule = {
  rule: 'hedge'
  /** Learning rate per token of payoff, > 0. */
  eta: number
  /** Share of play spread evenly over both actions, in (0, 0.5); also bounds the importance weights by 1 ÷ exploration. */
  exploration: number
}

/**
 * Regret matching with importance-weighted payoffs: plays each action in proportion to its
 * positive regret, how much more it would have earned than what was actually earned, where a
 * realized payoff counts divided by the probability its action had (as in EXP3). With no positive
 * regret it plays both equally.
 */
export type RegretRule = {
  rule: 'regret'
  /**
   * Each round the summed regrets are first multiplied by this, in (0, 1]: 1 keeps all history,
   * below 1 remembers about 1 ÷ (1 − discount) rounds, so an action that stopped paying long ago
   * does not need as long again to be taken back up.
   */
  discount: number
  /** Share of play spread evenly over both actions, in (0, 0.5); also bounds the importance weights by 1 ÷ exploration. */
  exploration: number
}

/**
 * How much a public signal counts, as a share of one own observation, in [0, 1]; absent or 0:
 * the learner learns from its own payoffs only. Public signals are the slashes on chain: each one
 * shows, for a job anybody can read, what a caught cheat cost its host and what the check earned
 * its challenger (observePublic).
 */
export type PublicWeight = { publicWeight?: number }

export type LearnerRule = (LogitRule | HedgeRule | RegretRule) & PublicWeight

export type LogitLearner = LogitRule & {
  /** Running mean payoff of action 0 and of action 1, in tokens; 0 before the action is played. */
  means: readonly [number, number]
  /** How many times each action has been played. */
  counts: readonly [number, number]
}

export type HedgeLearner = HedgeRule & {
  /** eta × (estimated cumulative payoff of action 1 − that of action 0): the log-odds before exploration. */
  advantage: number
}

export type RegretLearner = RegretRule & {
  /** Discounted summed regret of action 0 and of action 1, in tokens. */
  regrets: readonly [number, number]
}

/** A learner's whole state, as plain data: the rule with its parameters and what it has learned. */
export type Learner = (LogitLearner | HedgeLearner | RegretLearner) & PublicWeight

/** The terms of one job in the inspection game between a host and a verifier, in tokens. */
export type InspectionTerms = {
  /** What the host is paid for a job that is not caught cheating, ≥ 0. */
  fee: number
  /** What the host saves by cheating (skipping the work), > 0. */
  saving: number
  /** What one check costs the verifier, > 0. */
  checkCost: number
  /** What a caught cheater is slashed, on top of losing the fee, ≥ 0. */
  penalty: number
  /** What the verifier earns for catching a cheat, > checkCost. */
  reward: number
}

/** Payoffs as [row action][column action], each player's own action first. */
export type PayoffTable = readonly [readonly [number, number], readonly [number, number]]

export type InspectionGame = {
  /** The host's payoff, indexed [host cheats][verifier checks]. */
  host: PayoffTable
  /** The verifier's payoff, indexed [verifier checks][host cheats]. */
  verifier: PayoffTable
  /** The unique equilibrium: the probability the host cheats and the probability the verifier checks. */
  equilibrium: { cheat: number; check: number }
}
