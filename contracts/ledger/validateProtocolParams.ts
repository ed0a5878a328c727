import { InputError } from '../../errors/index.ts'
import type { ProtocolParams } from '../../sim/index.ts'

const uint64Max = 2 ** 64 - 1
// Two moves per round, one round per halving of a uint16 layer range: the longest game.
const maxGameMoves = 32

/**
 * Reject parameters the contract cannot take, with the field's name, before deploying: the
 * chain would only name the parameter (InvalidParams), or ethers would fail on a negative integer.
 * Besides ranges, the unbonding delay must cover a batch's challenge window plus the longest game
 * (32 moves) and the referee's deadline, or a host could withdraw before its verdict.
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
  const positive = (field: 'moveTimeout' | 'refereeTimeout', value: number) => {
    if (!Number.isInteger(value) || value < 1 || value > uint64Max) {
      throw new InputError(`protocol.${field} must be an integer from 1 to ${uint64Max}, got ${value}`)
    }
  }
  positive('moveTimeout', params.moveTimeout)
  positive('refereeTimeout', params.refereeTimeout)
  integerIn('bondToWinnerPpm', params.bondToWinnerPpm, 1_000_000)
  const nonNegative = (field: 'minStake' | 'challengeBond', value: bigint) => {
    if (value < 0n) throw new InputError(`protocol.${field} must not be negative, got ${value}`)
  }
  nonNegative('minStake', params.minStake)
  nonNegative('challengeBond', params.challengeBond)
  const covered = params.challengeWindow + maxGameMoves * params.moveTimeout + params.refereeTimeout
  if (params.unbondingDelay < covered) {
    throw new InputError(
      `protocol.unbondingDelay must be at least challengeWindow + ${maxGameMoves} × moveTimeout + refereeTimeout = ${covered} s, got ${params.unbondingDelay}`,
      { hint: `raise protocol.unbondingDelay to ${covered} or more, or shorten the window or the timeouts` },
    )
  }
}
