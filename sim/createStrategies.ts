import type { Amount } from './ports.ts'
import type { RngStreams } from './rngStreams.ts'
import type { RunSpec } from './runSpec.ts'
import type { HostState, Job, Outcome, Replica, VerifierState } from './runState.ts'
import { isBad } from './runState.ts'
import { actionProbability } from './strategy/actionProbability.ts'
import { chooseAction } from './strategy/chooseAction.ts'
import { createLearner } from './strategy/createLearner.ts'
import { observePublic } from './strategy/observePublic.ts'
import type { Action, Learner } from './strategy/types.ts'
import { updateLearner } from './strategy/updateLearner.ts'
import { fromUnits } from './units.ts'

/** One row of strategies.csv: mean probabilities at virtual time t; null where nobody learns it. */
export type StrategyRow = { t: number; cheat: number | null; check: number | null }

/** What one job's compute costs, in tokens: run honestly, run as the cheat variant, checked. */
export type JobCompute = { honest: number; cheat: number; check: number }

/** At most this many rows a run, so strategies.csv stays small whatever the duration. */
export const MAX_STRATEGY_ROWS = 500

/**
 * The learners of rational hosts and verifiers (issue 17) and what they are owed. Each learns
 * from its own realized payoff in tokens, given when the outcome is known:
 * - a host, per replica it ran: final → fee − compute (+ cheatGain × fee if bad) − bribe paid;
 *   slashed → −compute − slashed amount − bribe paid; dropped or refunded → −compute;
 * - a verifier, per decision: skip → 0 at once; check → −check cost + jackpot won, + its
 *   challenger share when the result it challenged is slashed, given when the result settles.
 * And, with learning.publicWeight, from public signals (observePublic): every slash on chain
 * shows the other rational hosts what a caught cheat on a job of that fee cost (−cheat compute −
 * slash, against fee − honest compute) and the other rational verifiers what the check earned
 * (the challenger share − check compute, against 0).
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
  /** The compute of `job`, priced as the lifecycle and the checkers price it (public signals only). */
  compute: (job: Job) => JobCompute,
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
      if (outcome === 'slashed' && slash) broadcast(replica, slash, checks?.[0]?.v)
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

  /** The public signal of one slash, to every rational host and verifier but the two involved. */
  function broadcast(replica: Replica, slash: { amount: Amount; toChallenger: Amount }, challenger?: number) {
    const hostWeight = spec.hosts.learning.publicWeight ?? 0
    const verifierWeight = spec.verifiers.learning.publicWeight ?? 0
    if (!(hostWeight > 0 && rationalHosts) && !(verifierWeight > 0 && rationalVerifiers)) return
    const { job } = replica
    const cost = compute(job)
    const fee = fromUnits(job.fee)
    if (hostWeight > 0)
      hostLearners.forEach((byFee, host) => {
        const learner = byFee.get(job.fee)
        // A host learns about the game it plays: jobs of its own fee, slashed on another host.
        if (host === replica.host || !learner) return
        const payoffs = [fee - cost.honest, -cost.cheat - fromUnits(slash.amount)] as const
        byFee.set(job.fee, observePublic(learner, payoffs, hostWeight))
      })
    if (verifierWeight > 0)
      verifierLearners.forEach((learner, v) => {
        if (!learner || v === challenger) return
        const payoffs = [0, fromUnits(slash.toChallenger) - cost.check] as const
        verifierLearners[v] = observePublic(learner, payoffs, verifierWeight)
      })
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
