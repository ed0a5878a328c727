import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { testParams } from '../fixtures/ledgerFixture.ts'
import { validateProtocolParams } from './validateProtocolParams.ts'

describe('validateProtocolParams', () => {
  it('accepts what the contract takes, a zero challenge window and zero bond included', () => {
    expect(() =>
      validateProtocolParams({ ...testParams, challengeWindow: 0, challengeBond: 0n }),
    ).not.toThrow()
  })

  it('accepts an unbonding delay of exactly window + 32 moves + referee deadline', () => {
    const { challengeWindow, moveTimeout, refereeTimeout } = testParams
    const unbondingDelay = challengeWindow + 32 * moveTimeout + refereeTimeout
    expect(() => validateProtocolParams({ ...testParams, unbondingDelay })).not.toThrow()
  })

  it('names the field the contract would refuse', () => {
    const bad = [
      [{ bondToWinnerPpm: 1_000_001 }, /protocol\.bondToWinnerPpm must be an integer from 0 to 1000000/],
      [{ moveTimeout: -1 }, /protocol\.moveTimeout must be an integer/],
      [{ moveTimeout: 1.5 }, /protocol\.moveTimeout must be an integer/],
      [{ challengeBond: -1n }, /protocol\.challengeBond must not be negative/],
      [{ slashFractionPpm: 2_000_000 }, /protocol\.slashFractionPpm/],
      [{ moveTimeout: 0 }, /protocol\.moveTimeout must be an integer from 1/],
      [{ refereeTimeout: 0 }, /protocol\.refereeTimeout must be an integer from 1/],
      [{ unbondingDelay: 739 + testParams.refereeTimeout }, /protocol\.unbondingDelay must be at least/],
      [
        { slash: { ...testParams.slash, checkProbabilityPpm: 0 } },
        /protocol\.slash\.checkProbabilityPpm must be an integer from 1/,
      ],
      [{ slash: { ...testParams.slash, amount: -1n } }, /protocol\.slash\.amount must be from 0/],
      [{ slash: { ...testParams.slash, scalePpm: 0.5 } }, /protocol\.slash\.scalePpm must be a whole number/],
      [{ slash: { ...testParams.slash, alwaysCheckAbove: 2n ** 256n } }, /protocol\.slash\.alwaysCheckAbove/],
    ] as const
    for (const [change, message] of bad) {
      expect(() => validateProtocolParams({ ...testParams, ...change })).toThrow(InputError)
      expect(() => validateProtocolParams({ ...testParams, ...change })).toThrow(message)
    }
  })
})
