import { actionProbability } from './actionProbability.ts'
import type { Learner } from './types.ts'
import { MAX_ADVANTAGE } from './updateLearner.ts'

/**
 * The learner after a public signal: what each action paid on a job somebody else played, seen
 * with full information (`payoffs[0]` for action 0, `payoffs[1]` for action 1, in tokens), counted
 * as `weight` of one own observation (LearnerRule.publicWeight). Unlike an own payoff it is not
 * importance-weighted (nothing had to be drawn to see it) and it does not count as a play. Public
 * signals are not a random sample: only caught cheats are slashed on chain, so they lean towards
 * deterrence, as the slashes a real network publishes do; the weight says how much agents heed them.
 */
export function observePublic(learner: Learner, payoffs: readonly [number, number], weight: number): Learner {
  if (!(weight > 0)) return learner
  if (learner.rule === 'logit') {
    // An action never played still holds the arbitrary starting 0: the signal replaces it as fully
    // as the weight allows; after that it moves the mean as `weight` of one newest payoff would.
    const move = (k: 0 | 1) => weight * Math.max(learner.step, 1 / (learner.counts[k] + 1))
    const means: [number, number] = [
      learner.means[0] + move(0) * (payoffs[0] - learner.means[0]),
      learner.means[1] + move(1) * (payoffs[1] - learner.means[1]),
    ]
    return { ...learner, means }
  }
  if (learner.rule === 'regret') {
    const p1 = actionProbability(learner)
    const mixed = p1 * payoffs[1] + (1 - p1) * payoffs[0]
    const regrets: [number, number] = [
      learner.regrets[0] + weight * (payoffs[0] - mixed),
      learner.regrets[1] + weight * (payoffs[1] - mixed),
    ]
    return { ...learner, regrets }
  }
  const advantage = Math.min(
    MAX_ADVANTAGE,
    Math.max(-MAX_ADVANTAGE, learner.advantage + learner.eta * weight * (payoffs[1] - payoffs[0])),
  )
  return { ...learner, advantage }
}
