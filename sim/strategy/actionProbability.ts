import type { Learner } from './types.ts'

/** The probability that the learner plays action 1 (cheat, check) this round. */
export function actionProbability(learner: Learner): number {
  const logOdds =
    learner.rule === 'logit' ? (learner.means[1] - learner.means[0]) / learner.temperature : learner.advantage
  const logistic = 1 / (1 + Math.exp(-logOdds))
  const mixed = learner.exploration + (1 - 2 * learner.exploration) * logistic
  // Rounding can land a hair past 1 − exploration; the bound is a promise, so hold it exactly.
  return Math.min(1 - learner.exploration, mixed)
}
