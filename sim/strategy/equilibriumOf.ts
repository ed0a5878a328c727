import { checkProbabilityOf } from '../checkProbabilityOf.ts'
import { penaltyOf } from '../penaltyOf.ts'
import type { RunSpec } from '../runSpec.ts'
import { inspectionGame } from './inspectionGame.ts'
import type { InspectionTerms } from './types.ts'

/**
 * The configured game's closed forms, for the strategies figure and the library tests:
 * - `threshold`, the game's q* = g ÷ (f + P): hosts facing a check probability below it gain by
 *   cheating, above it by honesty, whoever the verifiers are (null, with `reason`, when cheating
 *   saves nothing or pays even when always checked);
 * - `equilibrium`, the mixed equilibrium between rational hosts and rational verifiers: `cheat`
 *   the probability a host cheats, `check` the probability a verifier checks a result it is given
 *   (q* ÷ p, since only a share p of results reach it); null, with `reason`, when there is none
 *   in closed form.
 */
export type Equilibrium = {
  terms: InspectionTerms | null
  threshold: number | null
  equilibrium: { cheat: number; check: number } | null
  /** Why `equilibrium` (and `threshold`, when that is null too) has no closed form. */
  reason: string | null
}

/** What a run's figures in tokens come to that the spec alone does not give. */
export type JobCosts = {
  /** Compute of one honest inference, in tokens. */
  honest: number
  /** Compute of one run of the cheat variant, in tokens. */
  cheat: number
}

/**
 * The inspection game (inspectionGame) of one job of `spec`, and its equilibrium where it has one
 * in closed form. Terms, in tokens:
 * - fee f: requesters.fee (one fee for every job);
 * - saving g: honest compute − the cheat variant's, plus cheatGain × f (an uncaught cheat's gain);
 * - penalty P: the slash rule's amount at the host's stake (capped at it), plus the gain the
 *   caught cheat does not get (inspectionGame's caught cheater earns saving − penalty);
 * - check cost c: one honest inference (what a check re-executes), less the expected forced-error
 *   jackpot a check wins whatever the host did;
 * - reward R: challengerShare × the slash.
 * Null, with the reason, when no closed form applies: a mode other than sampling, fees drawn per
 * requester, a decoder's per-job prices, or terms outside the game's interior.
 */
export function equilibriumOf(spec: RunSpec, costs: JobCosts): Equilibrium {
  const none = (reason: string): Equilibrium => ({ terms: null, threshold: null, equilibrium: null, reason })
  const { protocol } = spec
  if (protocol.mode !== 'sampling') return none(`the closed form is for sampling, not ${protocol.mode}`)
  if (spec.requesters.feeDraw || spec.demand)
    return none('fees differ between requesters, so each fee has its own game')
  if (spec.workload) return none('a generation’s price varies with its tokens')
  const fee = spec.requesters.fee
  const p = checkProbabilityOf(protocol, fee)
  const slash = penaltyOf(protocol, fee, spec.hosts.stake)
  const gain = spec.hosts.cheatGain * fee
  const jackpot = protocol.forcedErrors.rate * protocol.forcedErrors.jackpot
  const terms: InspectionTerms = {
    fee,
    saving: costs.honest - costs.cheat + gain,
    penalty: slash + gain,
    checkCost: costs.honest - jackpot,
    reward: protocol.challengerShare * slash,
  }
  if (!(terms.saving > 0)) return { ...none('cheating saves nothing, so hosts stay honest'), terms }
  if (!(terms.saving < terms.fee + terms.penalty))
    return { ...none('cheating pays even when always checked'), terms }
  const threshold = terms.saving / (terms.fee + terms.penalty)
  const partial = (reason: string): Equilibrium => ({ terms, threshold, equilibrium: null, reason })
  if (!(p > 0)) return partial('nothing is sampled (protocol.p is 0), so hosts always cheat')
  if (!(terms.checkCost > 0))
    return partial('forced-error jackpots pay more than a check costs, so verifiers always check')
  if (!(terms.checkCost < terms.reward))
    return partial('a check costs more than catching a cheat pays, so verifiers never check')
  const { equilibrium } = inspectionGame(terms)
  const check = equilibrium.check / p
  if (check > 1)
    return partial(
      `hosts need a check probability of ${Number(threshold.toPrecision(3))}, more than p = ${p} allows`,
    )
  return { terms, threshold, equilibrium: { cheat: equilibrium.cheat, check }, reason: null }
}
