import type { Learner } from './types.ts'

/** The probability that the learner plays action 1 (cheat, check) this round. */
export function actionProbability(learner: Learner): number {
  const mixed = learner.exploration + (1 - 2 * learner.exploration) * preferred(learner)
  // Rounding can land a hair past 1 − exploration; the bound is a promise, so hold it exactly.
  return Math.min(1 - learner.exploration, mixed)
}

/** The probability of action 1 before exploration is mixed in. */
function preferred(learner: Learner): number {
  if (learner.rule === 'regret') {
    const positive0 = Math.max(0, learner.regrets[0])
    const positive1 = Math.max(0, learner.regrets[1])
    return positive0 + positive1 === 0 ? 0.5 : positive1 / (positive0 + positive1)
  }
  const logOdds =
    learner.rule === 'logit' ? (learner.means[1] - learner.means[0]) / learner.temperature : learner.advantage
  return 1 / (1 + Math.exp(-logOdds))
}
