import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { createLearner } from './createLearner.ts'

describe('createLearner', () => {
  it('starts each rule with nothing learned', () => {
    expect(createLearner({ rule: 'logit', temperature: 0.1, step: 0.05, exploration: 0.02 })).toEqual({
      rule: 'logit',
      temperature: 0.1,
      step: 0.05,
      exploration: 0.02,
      means: [0, 0],
      counts: [0, 0],
    })
    expect(createLearner({ rule: 'hedge', eta: 0.01, exploration: 0.1 })).toEqual({
      rule: 'hedge',
      eta: 0.01,
      exploration: 0.1,
      advantage: 0,
    })
  })

  it('starts regret matching with no regret', () => {
    expect(createLearner({ rule: 'regret', discount: 1, exploration: 0.02 })).toMatchObject({
      regrets: [0, 0],
    })
    expect(() => createLearner({ rule: 'regret', discount: 0, exploration: 0.02 })).toThrow(/discount is 0/)
    expect(() => createLearner({ rule: 'regret', discount: 1.01, exploration: 0.02 })).toThrow(
      /discount is 1.01/,
    )
  })

  it('refuses parameters out of range, naming the value and a fix', () => {
    expect(() => createLearner({ rule: 'hedge', eta: 0.01, exploration: 0 })).toThrow(InputError)
    expect(() => createLearner({ rule: 'hedge', eta: 0.01, exploration: 0.5 })).toThrow(/exploration is 0.5/)
    expect(() => createLearner({ rule: 'hedge', eta: 0, exploration: 0.1 })).toThrow(
      /eta is 0; give a positive/,
    )
    expect(() => createLearner({ rule: 'logit', temperature: -1, step: 0.1, exploration: 0.1 })).toThrow(
      /temperature is -1/,
    )
    expect(() => createLearner({ rule: 'logit', temperature: 1, step: 0, exploration: 0.1 })).toThrow(
      /step is 0/,
    )
    expect(() => createLearner({ rule: 'logit', temperature: 1, step: 1.5, exploration: 0.1 })).toThrow(
      /step is 1.5/,
    )
    expect(createLearner({ rule: 'logit', temperature: 1, step: 1, exploration: 0.49 }).rule).toBe('logit')
  })
})
