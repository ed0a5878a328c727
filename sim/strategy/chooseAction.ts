import { bernoulli, type Rng } from '../rngStreams.ts'
import { actionProbability } from './actionProbability.ts'
import type { Action, Learner } from './types.ts'

/** One draw of the learner's mixed action; one draw from rng. */
export function chooseAction(rng: Rng, learner: Learner): Action {
  return bernoulli(rng, actionProbability(learner)) ? 1 : 0
}
