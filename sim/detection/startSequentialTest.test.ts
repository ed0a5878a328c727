import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { startSequentialTest } from './startSequentialTest.ts'

describe('startSequentialTest', () => {
  it('sets the conviction threshold at ln(1/α) and the clearing one at ln(β/(1−α))', () => {
    const state = startSequentialTest({ alpha: 0.01, beta: 0.05, delta: 1 })
    expect(state.convictAt).toBeCloseTo(Math.log(100), 12)
    expect(state.clearAt).toBeCloseTo(Math.log(0.05 / 0.99), 12)
    expect(state).toMatchObject({
      verdict: 'continue',
      chunks: 0,
      tokens: 0,
      logLikelihoodRatio: 0,
      decidedAtTokens: null,
    })
  })

  it('refuses an α, β or δ it cannot honour, naming the value', () => {
    expect(() => startSequentialTest({ alpha: 0, beta: 0.01, delta: 1 })).toThrow(InputError)
    expect(() => startSequentialTest({ alpha: 0.7, beta: 0.01, delta: 1 })).toThrow(
      /alpha must lie in \(0, 0.5\), got 0.7/,
    )
    expect(() => startSequentialTest({ alpha: 0.01, beta: 1, delta: 1 })).toThrow(/beta .* got 1/)
    expect(() => startSequentialTest({ alpha: 0.01, beta: 0.01, delta: -2 })).toThrow(/delta .* got -2/)
  })
})
