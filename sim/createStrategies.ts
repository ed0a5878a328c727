import type { Amount } from './ports.ts'
import type { RngStreams } from './rngStreams.ts'
import type { RunSpec } from './runSpec.ts'
import type { HostState, Outcome, Replica, VerifierState } from './runState.ts'
import { isBad } from './runState.ts'
import { actionProbability } from './strategy/actionProbability.ts'
import { chooseAction } from './strategy/chooseAction.ts'
import { createLearner } from './strategy/createLearner.ts'
import type { Action, Learner } from './strategy/types.ts'
import { updateLearner } from './strategy/updateLearner.ts'
import { fromUnits } from './units.ts'

/** One row of strategies.csv: mean probabilities at virtual time t; null where nobody learns it. */
export type StrategyRow = { t: number; cheat: number | null; check: number | null }

/** At most this many rows a run, so strategies.csv stays small whatever the duration. */
export const MAX_STRATEGY_ROWS = 500

/**
 * The learners of rational hosts and verifiers (issue 17) and what they are owed. Each learns
 * from its own realized payoff in tokens, given when the outcome is known:
 * - a host, per replica it ran: final → fee − compute (+ cheatGain × fee if bad) − bribe paid;
 *   slashed → −compute − slashed amount − bribe paid; dropped or refunded → −compute;
 * - a verifier, per decision: skip → 0 at once; check → −check cost + jackpot won, + its
 *   challenger share when the result it challenged is slashed, given when the result settles.
 */
export type Strategies = {
  /** Whether rational host `host` cheats on `replica`'s job; one draw from its 'cheat' stream. */
  hostCheats(host: number, fee: Amount): boolean
  /** Remember what a rational host's replica cost it, to learn from when it settles. */
  ran(replica: Replica, action: Action, cost: number): void
  /** Whether rational verifier `v` checks the result it was assigned; one draw from its 'learn' stream. */
  verifierChecks(v: number): boolean
  /**
   * Rational verifier `v` finished its check of `replica` with `payoff` tokens so far; when it
   * challenged, the rest comes when the result settles.
   */
  checked(v: number, replica: Replica, payoff: number, challenged: boolean): void
  /** `replica` settled (or dropped, outcome null); `slash` is the Slashed event's amounts. */
  settled(replica: Replica, outcome: Outcome | null, slash?: { amount: Amount; toChallenger: Amount }): void
  /** The block at `now`: a row when an evenly spaced sample time has passed. */
  sample(now: number): void
  /** The rows so far; empty when the run has no rational host or verifier. */
  rows(): StrategyRow[]
}

export function createStrategies(
  spec: RunSpec,
  rng: RngStreams,
  hosts: readonly HostState[],
  verifiers: readonly VerifierState[],
): Strategies {
  const rationalHosts = hosts.some((h) => h.behaviour === 'rational')
  const rationalVerifiers = verifiers.some((v) => v.behaviour === 'rational')
  const hostLearners = hosts.map(() => new Map<Amount, Learner>())
  const verifierLearners = verifiers.map((v) =>
    v.behaviour === 'rational' ? createLearner(spec.verifiers.learning) : null,
  )
  // What each host's replica was: its learner's key, action and compute cost, and bribes paid.
  const decisions = new Map<Replica, { fee: Amount; action: Action; cost: number }>()
  // Rational verifiers' checks that challenged, settled with the result.
  const pendingChecks = new Map<Replica, { v: number; payoff: number }[]>()
  const interval = Math.max(spec.blockTime, spec.duration / MAX_STRATEGY_ROWS)
  let nextSample = interval
  const rows: StrategyRow[] = []
  const fresh = actionProbability(createLearner(spec.hosts.learning))

  const learnerOf = (host: number, fee: Amount): Learner => {
    const byFee = hostLearners[host] as Map<Amount, Learner>
    let learner = byFee.get(fee)
    if (!learner) {
      learner = createLearner(spec.hosts.learning)
      byFee.set(fee, learner)
    }
    return learner
  }

  return {
    hostCheats(host, fee) {
      return chooseAction(rng.stream(`host-${host}`, 'cheat'), learnerOf(host, fee)) === 1
    },
    ran(replica, action, cost) {
      decisions.set(replica, { fee: replica.job.fee, action, cost })
    },
    verifierChecks(v) {
      const learner = verifierLearners[v]
      if (!learner) return false
      const action = chooseAction(rng.stream(`verifier-${v}`, 'learn'), learner)
      if (action === 0) verifierLearners[v] = updateLearner(learner, 0, 0)
      return action === 1
    },
    checked(v, replica, payoff, challenged) {
      const learner = verifierLearners[v]
      if (!learner) return
      if (!challenged) {
        verifierLearners[v] = updateLearner(learner, 1, payoff)
        return
      }
      const list = pendingChecks.get(replica) ?? []
      list.push({ v, payoff })
      pendingChecks.set(replica, list)
    },
    settled(replica, outcome, slash) {
      const checks = pendingChecks.get(replica)
      if (checks) {
        pendingChecks.delete(replica)
        // Only the first finding became the challenge (createChallengeQueue): it earns the share.
        checks.forEach(({ v, payoff }, i) => {
          const share = i === 0 && slash ? fromUnits(slash.toChallenger) : 0
          const learner = verifierLearners[v]
          if (learner) verifierLearners[v] = updateLearner(learner, 1, payoff + share)
        })
      }
      const decision = decisions.get(replica)
      if (!decision) return
      decisions.delete(replica)
      const bribe = replica.bribe ?? 0
      const fee = fromUnits(decision.fee)
      let payoff = -decision.cost
      if (outcome === 'final') payoff += fee + (isBad(replica) ? spec.hosts.cheatGain * fee : 0) - bribe
      else if (outcome === 'slashed') payoff -= fromUnits(slash?.amount ?? 0n) + bribe
      const byFee = hostLearners[replica.host] as Map<Amount, Learner>
      const learner = byFee.get(decision.fee)
      if (learner) byFee.set(decision.fee, updateLearner(learner, decision.action, payoff))
    },
    sample(now) {
      if (!rationalHosts && !rationalVerifiers) return
      while (nextSample <= now && nextSample <= spec.duration) {
        rows.push({ t: nextSample, cheat: meanCheat(), check: meanCheck() })
        nextSample += interval
      }
    },
    rows: () => rows,
  }

  function meanCheat(): number | null {
    if (!rationalHosts) return null
    let sum = 0
    let n = 0
    hosts.forEach((h, i) => {
      if (h.behaviour !== 'rational' || h.status.state === 'reserve') return
      const learners = hostLearners[i] as Map<Amount, Learner>
      // A host that has served no job yet plays a fresh learner's probability.
      if (learners.size === 0) {
        sum += fresh
        n++
      }
      for (const learner of learners.values()) {
        sum += actionProbability(learner)
        n++
      }
    })
    return n > 0 ? sum / n : null
  }

  function meanCheck(): number | null {
    if (!rationalVerifiers) return null
    let sum = 0
    let n = 0
    for (const learner of verifierLearners) {
      if (!learner) continue
      sum += actionProbability(learner)
      n++
    }
    return n > 0 ? sum / n : null
  }
}
