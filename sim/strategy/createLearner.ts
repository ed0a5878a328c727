import { InputError } from '../../errors/index.ts'
import type { Learner, LearnerRule } from './types.ts'

/** A learner that has not played yet: both actions equally likely. */
export function createLearner(rule: LearnerRule): Learner {
  if (!(rule.exploration > 0 && rule.exploration < 0.5))
    throw new InputError(
      `a ${rule.rule} learner's exploration is ${rule.exploration}; give a share between 0 and 0.5 (both excluded), for example 0.02`,
    )
  if (rule.rule === 'logit') {
    if (!(rule.temperature > 0 && Number.isFinite(rule.temperature)))
      throw new InputError(
        `a logit learner's temperature is ${rule.temperature}; give a positive number of tokens, for example 0.05`,
      )
    if (!(rule.step > 0 && rule.step <= 1))
      throw new InputError(
        `a logit learner's step is ${rule.step}; give a weight in (0, 1], for example 0.05`,
      )
    return { ...rule, means: [0, 0], counts: [0, 0] }
  }
  if (rule.rule === 'regret') {
    if (!(rule.discount > 0 && rule.discount <= 1))
      throw new InputError(
        `a regret learner's discount is ${rule.discount}; give a factor in (0, 1], for example 0.999`,
      )
    return { ...rule, regrets: [0, 0] }
  }
  if (!(rule.eta > 0 && Number.isFinite(rule.eta)))
    throw new InputError(
      `a hedge learner's eta is ${rule.eta}; give a positive learning rate, for example 0.05`,
    )
  return { ...rule, advantage: 0 }
}
