import { checkProbabilityOf } from './checkProbabilityOf.ts'
import type { RunSpec } from './runSpec.ts'

/**
 * Tokens one proven fault on a job paying `fee` costs a host holding `stake`, by the slash rule
 * (Protocol.sol's slashOf, in tokens rather than wei): fraction → slashFraction × stake, fixed →
 * slashAmount, valueScaled → slashScale × fee ÷ the job's check probability, so a cheat's
 * expected penalty is slashScale × its fee. Capped at `stake`; with `stake` null the uncapped
 * amount, what the minimum-stake rule compares with minStake (a fraction of minStake then).
 */
export function penaltyOf(
  protocol: Pick<
    RunSpec['protocol'],
    | 'mode'
    | 'p'
    | 'watchProbability'
    | 'alwaysCheckAbove'
    | 'minStake'
    | 'slashRule'
    | 'slashFraction'
    | 'slashAmount'
    | 'slashScale'
  >,
  fee: number,
  stake: number | null,
): number {
  const penalty =
    protocol.slashRule === 'fixed'
      ? protocol.slashAmount
      : protocol.slashRule === 'valueScaled'
        ? (protocol.slashScale * fee) / checkProbabilityOf(protocol, fee)
        : (stake ?? protocol.minStake) * protocol.slashFraction
  return stake === null ? penalty : Math.min(penalty, stake)
}
