import { InputError } from '../sim/errors.ts'
import type { ProtocolParams } from '../sim/ports.ts'

const uint64Max = 2 ** 64 - 1

/**
 * Reject parameters the contract cannot take, with the field's name, before deploying: the
 * chain would only say InvalidParams, or ethers would fail on a negative integer.
 */
export function validateProtocolParams(params: ProtocolParams): void {
  const integerIn = (field: keyof ProtocolParams, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new InputError(`protocol.${field} must be an integer from 0 to ${max}, got ${value}`)
    }
  }
  integerIn('slashFractionPpm', params.slashFractionPpm, 1_000_000)
  integerIn('challengerSharePpm', params.challengerSharePpm, 1_000_000)
  integerIn('challengeWindow', params.challengeWindow, uint64Max)
  integerIn('unbondingDelay', params.unbondingDelay, uint64Max)
  integerIn('moveTimeout', params.moveTimeout, uint64Max)
  integerIn('bondToWinnerPpm', params.bondToWinnerPpm, 1_000_000)
  const nonNegative = (field: 'minStake' | 'challengeBond', value: bigint) => {
    if (value < 0n) throw new InputError(`protocol.${field} must not be negative, got ${value}`)
  }
  nonNegative('minStake', params.minStake)
  nonNegative('challengeBond', params.challengeBond)
}
