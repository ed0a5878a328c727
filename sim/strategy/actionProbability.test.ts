import { describe, expect, it } from 'vitest'
import { actionProbability } from './actionProbability.ts'
import type { Learner } from './types.ts'

describe('actionProbability', () => {
  it('is the logistic of the payoff difference over the temperature, mixed with exploration', () => {
    const learner: Learner = {
      rule: 'logit',
      temperature: 0.5,
      step: 0.1,
      exploration: 0.1,
      means: [1, 1.5],
      counts: [3, 3],
    }
    const logistic = 1 / (1 + Math.exp(-1))
    expect(actionProbability(learner)).toBeCloseTo(0.1 + 0.8 * logistic, 12)
    expect(actionProbability({ ...learner, means: [1, 1] })).toBe(0.5)
  })

  it('regret matching: in proportion to positive regret, both equally with none', () => {
    const learner: Learner = { rule: 'regret', discount: 1, exploration: 0.1, regrets: [1, 3] }
    expect(actionProbability(learner)).toBeCloseTo(0.1 + 0.8 * 0.75, 12)
    expect(actionProbability({ ...learner, regrets: [-1, 3] })).toBeCloseTo(0.9, 12)
    expect(actionProbability({ ...learner, regrets: [2, -3] })).toBeCloseTo(0.1, 12)
    expect(actionProbability({ ...learner, regrets: [-2, -3] })).toBe(0.5)
  })

  it('never leaves [exploration, 1 − exploration], however lopsided the estimates', () => {
    const hedge: Learner = { rule: 'hedge', eta: 1, exploration: 0.05, advantage: 1e6 }
    expect(actionProbability(hedge)).toBeCloseTo(0.95, 12)
    expect(actionProbability({ ...hedge, advantage: -1e6 })).toBeCloseTo(0.05, 12)
    const logit: Learner = {
      rule: 'logit',
      temperature: 1e-3,
      step: 1,
      exploration: 0.05,
      means: [0, 100],
      counts: [1, 1],
    }
    expect(actionProbability(logit)).toBeLessThanOrEqual(0.95)
    expect(actionProbability(logit)).toBeCloseTo(0.95, 12)
  })
})
