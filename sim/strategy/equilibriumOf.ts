import type { RunSpec } from '../runSpec.ts'
import { inspectionGame } from './inspectionGame.ts'
import type { InspectionTerms } from './types.ts'

/**
 * The configured game's equilibrium, for the strategies figure: `cheat` is the probability a
 * rational host cheats, `check` the probability a rational verifier checks a result it is given
 * (the game's q* ÷ p, since only a share p of results reach it), `threshold` the game's q*: hosts
 * facing a check probability below it cheat, above it stay honest, whoever the verifiers are.
 */
export type Equilibrium =
  | { equilibrium: { cheat: number; check: number; threshold: number }; terms: InspectionTerms }
  | { equilibrium: null; reason: string }

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
  const { protocol } = spec
  if (protocol.mode !== 'sampling')
    return { equilibrium: null, reason: `the closed form is for sampling, not ${protocol.mode}` }
  if (spec.requesters.feeDraw || spec.demand)
    return { equilibrium: null, reason: 'fees differ between requesters, so each fee has its own game' }
  if (spec.workload) return { equilibrium: null, reason: 'a generation’s price varies with its tokens' }
  const p =
    protocol.alwaysCheckAbove !== null && spec.requesters.fee >= protocol.alwaysCheckAbove ? 1 : protocol.p
  if (!(p > 0))
    return { equilibrium: null, reason: 'nothing is sampled (protocol.p is 0): hosts always cheat' }
  const fee = spec.requesters.fee
  const stake = spec.hosts.stake
  const slash = Math.min(
    stake,
    protocol.slashRule === 'fraction'
      ? stake * protocol.slashFraction
      : protocol.slashRule === 'fixed'
        ? protocol.slashAmount
        : (protocol.slashScale * fee) / p,
  )
  const gain = spec.hosts.cheatGain * fee
  const jackpot = protocol.forcedErrors.rate * protocol.forcedErrors.jackpot
  const terms: InspectionTerms = {
    fee,
    saving: costs.honest - costs.cheat + gain,
    penalty: slash + gain,
    checkCost: costs.honest - jackpot,
    reward: protocol.challengerShare * slash,
  }
  if (!(terms.saving > 0))
    return { equilibrium: null, reason: 'cheating saves nothing, so hosts stay honest' }
  if (!(terms.checkCost > 0))
    return {
      equilibrium: null,
      reason: 'forced-error jackpots pay more than a check costs, so verifiers always check',
    }
  if (!(terms.saving < terms.fee + terms.penalty))
    return { equilibrium: null, reason: 'cheating pays even when always checked' }
  if (!(terms.checkCost < terms.reward))
    return {
      equilibrium: null,
      reason: 'a check costs more than catching a cheat pays, so verifiers never check',
    }
  const { equilibrium } = inspectionGame(terms)
  const check = equilibrium.check / p
  if (check > 1)
    return {
      equilibrium: null,
      reason: `hosts need a check probability of ${equilibrium.check}, more than p = ${p} allows`,
    }
  return { equilibrium: { cheat: equilibrium.cheat, check, threshold: equilibrium.check }, terms }
}
