import { penaltyOf, summarizeFeeDraw } from '../sim/index.ts'
import type { ScenarioIssue } from './checkScenario.ts'
import type { Scenario } from './schema.ts'

const tokens = (x: number) => Number(x.toPrecision(6))

/**
 * Issue 17's penalty rules that span fields: a threshold only sampling uses, a fixed or
 * value-scaled rule that would take nothing, a fee distribution where the market needs one fee,
 * and the minimum-stake rule: the largest penalty a job can cost must not exceed minStake, or a
 * host staking just minStake could not pay it (the contract caps a slash at the bond).
 */
export function checkPenalties(scenario: Scenario): ScenarioIssue | undefined {
  const { protocol, requesters } = scenario
  if (protocol.alwaysCheckAbove !== null && protocol.mode !== 'sampling')
    return {
      path: ['protocol', 'alwaysCheckAbove'],
      message: `applies to sampling only, but mode is ${protocol.mode}`,
      hint: 'remove alwaysCheckAbove, or set protocol.mode: sampling',
    }
  if (protocol.slashRule === 'fixed' && protocol.slashAmount === 0)
    return {
      path: ['protocol', 'slashAmount'],
      message: 'is 0, so slashRule fixed would never slash',
      hint: `set slashAmount to the tokens a fault costs (at most minStake, ${protocol.minStake})`,
    }
  if (protocol.slashRule === 'valueScaled' && protocol.slashScale === 0)
    return {
      path: ['protocol', 'slashScale'],
      message: 'is 0, so slashRule valueScaled would never slash',
      hint: 'set slashScale, e.g. 1 for an expected penalty equal to the job’s fee',
    }
  const fee = requesters.fee
  if (typeof fee !== 'number' && scenario.demand)
    return {
      path: ['requesters', 'fee'],
      message: 'is a distribution, but demand prices the network by one fee',
      hint: `give fee a number, e.g. its mean ${tokens(summarizeFeeDraw(fee).mean)}`,
    }
  if (protocol.slashRule === 'fixed' && protocol.slashAmount > protocol.minStake)
    return {
      path: ['protocol', 'slashAmount'],
      message: `${protocol.slashAmount} tokens is more than minStake (${protocol.minStake}), so a host staking minStake could not pay a slash`,
      hint: `set slashAmount to at most ${protocol.minStake}, or minStake to at least ${protocol.slashAmount}`,
    }
  if (protocol.slashRule === 'valueScaled') {
    const largest = largestPenalty(scenario)
    if (!(largest.penalty <= protocol.minStake)) {
      const fits = (protocol.minStake / largest.penalty) * protocol.slashScale
      return {
        path: ['protocol', 'slashScale'],
        message:
          largest.penalty === Number.POSITIVE_INFINITY
            ? `scales the penalty by 1 ÷ the check probability, which is 0 for a job of fee ${tokens(largest.fee)}`
            : `${protocol.slashScale} makes the largest penalty ${tokens(largest.penalty)} tokens (a job of fee ${tokens(largest.fee)}), more than minStake (${protocol.minStake})`,
        hint:
          largest.penalty === Number.POSITIVE_INFINITY
            ? 'give the mode a check probability above 0 (protocol.p or watchProbability), or use slashRule fixed'
            : `set minStake to at least ${tokens(largest.penalty)}, or slashScale to at most ${tokens(fits)}`,
      }
    }
  }
  return undefined
}

/**
 * The largest valueScaled penalty any requester's fee can bring: at the largest fee, and, with a
 * threshold inside the draw, at the largest fee below it (checked with p rather than always),
 * whose supremum for a continuous draw is the threshold itself, checked with p.
 */
function largestPenalty(scenario: Scenario): { penalty: number; fee: number } {
  const { protocol } = scenario
  const fee = scenario.requesters.fee
  const range = summarizeFeeDraw(fee)
  let largest = { penalty: penaltyOf(protocol, range.max, null), fee: range.max }
  const threshold = protocol.alwaysCheckAbove
  if (threshold !== null && typeof fee !== 'number' && range.min < threshold && threshold <= range.max) {
    const below = 'choices' in fee ? Math.max(...fee.choices.filter((f) => f < threshold)) : threshold
    const penalty = penaltyOf({ ...protocol, alwaysCheckAbove: null }, below, null)
    if (!(penalty <= largest.penalty)) largest = { penalty, fee: below }
  }
  return largest
}
