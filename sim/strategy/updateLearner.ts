import { actionProbability } from './actionProbability.ts'
import type { Action, Learner } from './types.ts'

/**
 * Hedge's log-odds stay within ±this. A logistic of 30 is 1 − 1e-13, so the cap does not change
 * play, but it bounds how long a learner takes to turn around: without it the log-odds grow with
 * the length of a regime, and a verifier that skipped for a long time would take as long to
 * resume checking.
 */
export const MAX_ADVANTAGE = 30

/**
 * The learner after playing `action` (drawn from its current state) and receiving `payoff`
 * tokens for it; the input is left as it was.
 */
export function updateLearner(learner: Learner, action: Action, payoff: number): Learner {
  if (learner.rule === 'logit') {
    const counts: [number, number] = [...learner.counts]
    counts[action] += 1
    // A plain average until the action has been played 1 ÷ step times, so the first payoff
    // replaces the arbitrary starting 0 instead of being blended with it.
    const weight = Math.max(learner.step, 1 / counts[action])
    const means: [number, number] = [...learner.means]
    means[action] += weight * (payoff - means[action])
    return { ...learner, means, counts }
  }
  const p1 = actionProbability(learner)
  if (learner.rule === 'regret') {
    // Regret of action k this round: its importance-weighted payoff estimate (0 for the action
    // not played) minus the payoff actually received; in expectation u_k − the mixed payoff.
    const estimate0 = action === 0 ? payoff / (1 - p1) : 0
    const estimate1 = action === 1 ? payoff / p1 : 0
    const regrets: [number, number] = [
      learner.discount * learner.regrets[0] + estimate0 - payoff,
      learner.discount * learner.regrets[1] + estimate1 - payoff,
    ]
    return { ...learner, regrets }
  }
  // EXP3: the payoff divided by the probability of the action played is an unbiased estimate of
  // that action's payoff this round (the other action's estimate is 0).
  const estimate = action === 1 ? payoff / p1 : -payoff / (1 - p1)
  const advantage = Math.min(
    MAX_ADVANTAGE,
    Math.max(-MAX_ADVANTAGE, learner.advantage + learner.eta * estimate),
  )
  return { ...learner, advantage }
}
