import { describe, expect, it } from 'vitest'
import { actionProbability } from './actionProbability.ts'
import { createLearner } from './createLearner.ts'
import { observePublic } from './observePublic.ts'
import type { LearnerRule } from './types.ts'
import { updateLearner } from './updateLearner.ts'

const rules: LearnerRule[] = [
  { rule: 'logit', temperature: 0.1, step: 0.1, exploration: 0.02 },
  { rule: 'hedge', eta: 0.5, exploration: 0.02 },
  { rule: 'regret', discount: 1, exploration: 0.02 },
]

describe('observePublic', () => {
  it.each(rules)('$rule: a weight of 0 changes nothing', (rule) => {
    const learner = updateLearner(createLearner(rule), 1, 0.3)
    expect(observePublic(learner, [1, -5], 0)).toBe(learner)
  })

  it.each(rules)('$rule: public signals that action 1 loses turn the learner away from it', (rule) => {
    let learner = createLearner(rule)
    const before = actionProbability(learner)
    for (let i = 0; i < 50; i++) learner = observePublic(learner, [1, -5], 0.5)
    expect(actionProbability(learner)).toBeLessThan(before)
    expect(actionProbability(learner)).toBeCloseTo(rule.exploration, 6)
  })

  it.each(rules)('$rule: and signals that it pays turn it towards it', (rule) => {
    let learner = createLearner(rule)
    for (let i = 0; i < 50; i++) learner = observePublic(learner, [0, 2], 0.5)
    expect(actionProbability(learner)).toBeCloseTo(1 - rule.exploration, 6)
  })

  it('logit: counts no play, and weighs a signal as `weight` of one own payoff', () => {
    const played = updateLearner(createLearner(rules[0] as LearnerRule), 1, 1)
    if (played.rule !== 'logit') throw new Error('logit expected')
    const seen = observePublic(played, [0.4, 0], 0.5)
    if (seen.rule !== 'logit') throw new Error('logit expected')
    expect(seen.counts).toEqual(played.counts)
    // Action 0 was never played: half of the way from the starting 0 to 0.4.
    expect(seen.means[0]).toBeCloseTo(0.2, 12)
    // Action 1 was played once: half of the weight a second own payoff would have (1 ÷ 2).
    expect(seen.means[1]).toBeCloseTo(1 - 0.25, 12)
  })
})
