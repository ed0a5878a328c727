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
  const { slash } = params
  if (slash.amount < 0n || slash.amount >= 2n ** 256n) {
    throw new InputError(`protocol.slash.amount must be from 0 to 2^256 - 1 units, got ${slash.amount}`)
  }
  if (!Number.isSafeInteger(slash.scalePpm) || slash.scalePpm < 0) {
    throw new InputError(
      `protocol.slash.scalePpm must be a whole number of ppm from 0, got ${slash.scalePpm}`,
    )
  }
  if (
    !Number.isInteger(slash.checkProbabilityPpm) ||
    slash.checkProbabilityPpm < 1 ||
    slash.checkProbabilityPpm > 1_000_000
  ) {
    throw new InputError(
      `protocol.slash.checkProbabilityPpm must be an integer from 1 to 1000000, got ${slash.checkProbabilityPpm}`,
      { hint: 'a job checked with probability 0 cannot scale its penalty by 1 / probability' },
    )
  }
  if (
    slash.alwaysCheckAbove !== null &&
    (slash.alwaysCheckAbove < 0n || slash.alwaysCheckAbove >= 2n ** 256n)
  ) {
    throw new InputError(
      `protocol.slash.alwaysCheckAbove must be from 0 to 2^256 - 1 units or null, got ${slash.alwaysCheckAbove}`,
    )
  }
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
  const { emission } = params
  if (emission.ratePerSecond < 0n || emission.ratePerSecond >= 2n ** 128n) {
    throw new InputError(
      `protocol.emission.ratePerSecond must be from 0 to 2^128 - 1 units per second, got ${emission.ratePerSecond}`,
    )
  }
  if (
    !Number.isInteger(emission.halvingInterval) ||
    emission.halvingInterval < 0 ||
    emission.halvingInterval > Number.MAX_SAFE_INTEGER
  ) {
    throw new InputError(
      `protocol.emission.halvingInterval must be a whole number of seconds from 0 (never) to ${Number.MAX_SAFE_INTEGER}, got ${emission.halvingInterval}`,
    )
  }
  if (!Number.isInteger(emission.burnPpm) || emission.burnPpm < 0 || emission.burnPpm > 1_000_000) {
    throw new InputError(
      `protocol.emission.burnPpm must be an integer from 0 to 1000000, got ${emission.burnPpm}`,
    )
  }
  const { start } = emission
  if (start !== undefined && (!Number.isSafeInteger(start) || start < 0)) {
    throw new InputError(
      `protocol.emission.start must be a timestamp from 0 to ${Number.MAX_SAFE_INTEGER}, got ${start}`,
    )
  }
  if (emission.reserve < 0n) {
    throw new InputError(`protocol.emission.reserve must not be negative, got ${emission.reserve}`)
  }
  const covered = params.challengeWindow + maxGameMoves * params.moveTimeout + params.refereeTimeout
  if (params.unbondingDelay < covered) {
    throw new InputError(
      `protocol.unbondingDelay must be at least challengeWindow + ${maxGameMoves} × moveTimeout + refereeTimeout = ${covered} s, got ${params.unbondingDelay}`,
      { hint: `raise protocol.unbondingDelay to ${covered} or more, or shorten the window or the timeouts` },
    )
  }
}
