import { BaseError } from '../errors/index.ts'
import type { GenerationTally, Tallies } from './computeMetrics.ts'
import type { Strategies } from './createStrategies.ts'
import type { SequentialState } from './detection/types.ts'
import { moveReplica } from './moveReplica.ts'
import type { CallReceipt, LedgerEvent } from './ports.ts'
import type { RunSpec } from './runSpec.ts'
import type { Batch, HostState, Outcome, Replica, VerifierState } from './runState.ts'
import { isBad } from './runState.ts'
import { tallyValueClass, type ValueClassTally } from './tallyValueClass.ts'
import type { TraceEvent } from './traceEvent.ts'
import { fromUnits } from './units.ts'

export type Counts = {
  jobs: number
  results: number
  honest_results: number
  bad_results: number
  detected: number
  undetected: number
  false_slashes: number
  checks: number
  disputes: number
  games: number
  game_rounds: number
  timeouts: number
  missed_challenges: number
  dropped_jobs: number
  /** Requests the network took but could not serve: too few hosts with the minimum stake left. */
  unserved_jobs: number
  refunded_results: number
  forced_errors_caught: number
  centralized_jobs: number
  blocks: number
  /** Inference requests answered with an identical earlier request's result (createInferenceCache). */
  cached_inferences: number
  /**
   * Optimistic: games a colluding watcher opened on a coalition host's bad result and never
   * moved in, to shield it; they lose their bond and shield nothing (games run side by side).
   */
  sham_games: number
  /** Disputes and games the referee would have ruled on past its deadline: expired, no verdict. */
  expired_cases: number
}

export type GasByCall = Record<string, { calls: number; gas: number }>

/** Why a checker's finding could not become a challenge. */
export type MissReason = 'challenge window closed' | 'result already final'

type SlashEvent = Extract<LedgerEvent, { kind: 'Slashed' }>
type GameEnd = Extract<LedgerEvent, { kind: 'GameResolved' }>
type EmissionCredited = Extract<LedgerEvent, { kind: 'EmissionCredited' }>

/**
 * Every figure a run reports, kept by named operations: one event of the run is one call here,
 * which moves every count, tally, host and verifier figure and trace line that event touches, so
 * no caller can move one and forget another. The figures are read (never written) elsewhere.
 */
export type Recorder = {
  readonly counts: Counts
  readonly tallies: Tallies
  /** A requester chose between the network (`network`) and the centralized baseline. */
  request(now: number, network: boolean): void
  /** The network took a request but too few hosts with the minimum stake were left. */
  unserved(now: number, requester: number, hosts: number, needed: number): void
  /**
   * A request placed on `replicas` hosts; replicas beyond the first only verify the first. A
   * generation job gives its output tokens and the honest generation's cost in tokens (both
   * already × weight); a job standing for `weight` real requests counts its compute that often.
   */
  job(
    replicas: number,
    generation?: { tokens: number; cost: number },
    weight?: number,
    /** FLOPs of one honest inference of the job's model (a catalog's); the run's model by default. */
    flops?: number,
  ): void
  /** `host` runs `flops` (its variant's FLOPs times the mode's modeled overhead, `executedFlops` without it). */
  inference(host: HostState, flops: number, executedFlops: number, replica?: Replica): void
  /** `host` generates for `cost` tokens (with the mode's modeled overhead; `executedCost` without it). */
  generated(host: HostState, cost: number, executedCost: number, replica?: Replica): void
  /** A finished result its host can no longer commit. */
  dropped(replica: Replica, now: number, reason: string): void
  /**
   * A checker re-executes a result (a generation's check costs `cost` tokens, not FLOPs; `cost`
   * already × weight), `weight` times for a job standing for that many real requests. `factor`:
   * the checker's deterministic kernels cost that multiple (protocol.exact); the extra is modeled.
   */
  check(verifier: VerifierState, cost?: number, weight?: number, flops?: number, factor?: number): void
  /** The referee re-executes `flops` of a job (a generation's check: `cost` tokens). */
  refereeRun(flops: number, cost?: number): void
  /** Host `host`'s sequential test decided on the check of `job`. */
  verdict(now: number, host: number, job: number, test: SequentialState): void
  /** Gas of a call that exists only because of verification. */
  verificationGas(gas: bigint): void
  /** Receipts of a mined time step after set-up: gas by call and protocol gas. */
  gas(receipts: readonly CallReceipt[]): void
  /** A block waited `seconds` for the inferences it commits (settlement inline or preExecuted). */
  blockLatency(seconds: number): void
  /** One chain block mined at `now`. */
  block(now: number, number: number, receipts: readonly CallReceipt[]): void
  /** A dispute, game or vote was opened (sham games are counted apart). */
  dispute(): void
  /** A game opened on chain; a sham game counts only in sham_games. */
  gameOpened(sham: boolean): void
  /** A game resolved on chain; a sham game's rounds and timeouts are not counted. */
  gameResolved(event: GameEnd, sham: boolean): void
  /** A dispute or game whose referee would have ruled past its deadline: no verdict. */
  expired(now: number, kind: 'dispute' | 'game', id: number, job: number): void
  /** A checker caught a forced error and is paid its jackpot. */
  forcedError(verifier: VerifierState, jackpot: number): void
  /** A colluding verifier let `replica`'s bad result through: its host pays it `bribe` tokens. */
  bribe(replica: Replica, verifier: VerifierState, bribe: number): void
  /** A checker found `job`'s result wrong too late to prove it; nothing goes on chain. */
  missed(job: number, verifier: number, now: number, reason: MissReason): void
  /** A batch finalized: its host is paid `paid` and each of its still-committed results is final. */
  payout(batch: Batch, paid: bigint, now: number): void
  /** An emission's credits to hosts were mined; returns the tokens emitted. */
  emission(now: number, credited: readonly EmissionCredited[]): number
  /** A Slashed event against `replica`: the host's stake, the draw, beliefs and the result's fate. */
  slash(event: SlashEvent, replica: Replica, now: number): void
  /** The replica's fee went back without a slash (replication without consensus). */
  refund(replica: Replica): void
  /** Inference requests the cache answered. */
  cached(hits: number): void
  /** The virtual time of the last block. */
  elapsed(now: number): void
  gasByCall(): GasByCall
  /** Share of requests that chose the network, per tenth of the request period. */
  adoption(): { t: number; share: number | null }[]
  /** With requesters.feeDraw, the books by job value (fee), cheapest first; else null. */
  valueClasses(): ValueClassTally[] | null
}

export function createRecorder(options: {
  spec: RunSpec
  hosts: HostState[]
  verifiers: VerifierState[]
  honestFlops: number
  trace: (event: TraceEvent) => void
  /** A host's stake changed: its weight in the stake-weighted draw must follow. */
  staked: (host: number) => void
  /** Jobs are generations, priced in tokens rather than FLOPs. */
  generating?: boolean
  /** Learners told of every replica's fate, so rational agents learn from realized payoffs. */
  strategies?: Pick<Strategies, 'settled'>
}): Recorder {
  const { spec, hosts, honestFlops, trace, staked } = options
  const strategies = options.strategies
  const generation: GenerationTally | undefined = options.generating
    ? { tokens: 0, usefulCost: 0, verifierCost: 0, refereeCost: 0, detectionTokens: [] }
    : undefined
  // By job fee: only with a fee draw, where jobs differ in value.
  const classes = spec.requesters.feeDraw === null ? null : new Map<bigint, ValueClassTally>()
  const honestHost = (replica: Replica) => (hosts[replica.host] as HostState).behaviour === 'honest'
  const { cheatGain } = spec.hosts
  const tallies: Tallies = {
    results: 0,
    honestResults: 0,
    badResults: 0,
    jobs: 0,
    badFinalized: 0,
    badSlashed: 0,
    honestSlashed: 0,
    usefulFlops: 0,
    verifierFlops: 0,
    refereeFlops: 0,
    verificationGas: 0n,
    protocolGas: 0n,
    finalityLatencies: [],
    finalityLatencySum: 0,
    blockLatencies: [],
    detectionLatencies: [],
    hosts,
    networkJobs: 0,
    offeredJobs: 0,
    badRefunded: 0,
    modeledCost: 0,
    jackpots: 0,
    bribes: 0,
    networkFees: 0,
    slashesByOffer: [],
    emitted: 0,
    elapsed: 0,
    ...(generation ? { generation } : {}),
    ...(spec.catalog
      ? {
          hosting: {
            verifierHolding: 0,
            verifierLoading: 0,
            hostHolding: 0,
            hostLoading: 0,
            coldJobs: 0,
            coldWaits: [],
          },
        }
      : {}),
  }
  const counts: Counts = {
    jobs: 0,
    results: 0,
    honest_results: 0,
    bad_results: 0,
    detected: 0,
    undetected: 0,
    false_slashes: 0,
    checks: 0,
    disputes: 0,
    games: 0,
    game_rounds: 0,
    timeouts: 0,
    missed_challenges: 0,
    dropped_jobs: 0,
    unserved_jobs: 0,
    refunded_results: 0,
    forced_errors_caught: 0,
    centralized_jobs: 0,
    blocks: 0,
    cached_inferences: 0,
    sham_games: 0,
    expired_cases: 0,
  }
  const byCall: GasByCall = {}
  const adoption = Array.from({ length: 10 }, () => ({ offered: 0, network: 0 }))
  const { costPerFlop } = spec.economics

  // A result leaves the books exactly once: final, slashed or refunded.
  const settle = (replica: Replica, outcome: Outcome) => {
    const { stage } = replica
    if (stage.state !== 'committed')
      throw new BaseError(`replica of job ${replica.job.id} settled twice (it is ${stage.state})`)
    const { batch, leafIndex, output } = stage
    moveReplica(replica, { state: 'settled', outcome, batch, leafIndex, output })
    tallies.results++
    counts.results++
    if (isBad(replica)) {
      tallies.badResults++
      counts.bad_results++
    } else {
      tallies.honestResults++
      counts.honest_results++
    }
  }

  /** Returns whether this result made its job final (a replicated job's later results do not). */
  const final = (replica: Replica, now: number): boolean => {
    settle(replica, 'final')
    // Off chain: what whoever bribed the host pays for a wrong answer that became final.
    const gain = isBad(replica) ? cheatGain * fromUnits(replica.job.fee) : 0
    if (isBad(replica)) {
      tallies.badFinalized++
      counts.undetected++
      if (gain > 0) (hosts[replica.host] as HostState).cheatGains += gain
    }
    if (classes)
      tallyValueClass(classes, {
        kind: 'final',
        replica,
        honestHost: honestHost(replica),
        income: fromUnits(replica.job.fee) + gain,
      })
    const job = replica.job
    const first = job.finalizedAt === undefined
    if (first) {
      job.finalizedAt = now
      // A block that waited for its inferences (settlement) delays every result it committed.
      const latency =
        now +
        (replica.stage.state === 'settled' ? (replica.stage.batch.blockLatency ?? 0) : 0) -
        job.requestedAt
      tallies.finalityLatencies.push(latency)
      tallies.finalityLatencySum += latency
    }
    strategies?.settled(replica, 'final')
    return first
  }

  return {
    counts,
    tallies,
    request(now, network) {
      tallies.offeredJobs++
      if (network) tallies.networkJobs++
      else counts.centralized_jobs++
      const bucket = adoption[Math.min(9, Math.floor((now / spec.duration) * 10))]
      if (bucket) {
        bucket.offered++
        if (network) bucket.network++
      }
    },
    unserved(now, requester, found, needed) {
      counts.unserved_jobs++
      trace({ t: now, type: 'unserved', requester, hosts: found, needed })
    },
    job(replicas, generated, weight = 1, flops = honestFlops) {
      counts.jobs++
      tallies.jobs++
      if (generation && generated) {
        generation.tokens += generated.tokens
        generation.usefulCost += generated.cost
        generation.verifierCost += generated.cost * (replicas - 1)
        return
      }
      tallies.usefulFlops += flops * weight
      tallies.verifierFlops += flops * weight * (replicas - 1)
    },
    inference(host, flops, executedFlops, replica) {
      host.recentJobs++
      host.computeCost += flops * costPerFlop
      if (classes && replica)
        tallyValueClass(classes, {
          kind: 'served',
          replica,
          honestHost: honestHost(replica),
          compute: flops * costPerFlop,
        })
      // A modeled TEE or prover makes the host pay more than the inference itself: verification cost.
      tallies.modeledCost += (flops - executedFlops) * costPerFlop
    },
    generated(host, cost, executedCost, replica) {
      host.recentJobs++
      host.computeCost += cost
      if (classes && replica)
        tallyValueClass(classes, { kind: 'served', replica, honestHost: honestHost(replica), compute: cost })
      tallies.modeledCost += cost - executedCost
    },
    dropped(replica, now, reason) {
      moveReplica(replica, { state: 'dropped' })
      strategies?.settled(replica, null)
      counts.dropped_jobs++
      trace({ t: now, type: 'dropped', job: replica.job.id, host: replica.host, reason })
    },
    check(verifier, cost, weight = 1, flops = honestFlops, factor = 1) {
      counts.checks++
      if (generation && cost !== undefined) {
        generation.verifierCost += cost
        verifier.computeCost += cost * factor
        if (factor !== 1) tallies.modeledCost += cost * (factor - 1)
        return
      }
      tallies.verifierFlops += flops * weight
      verifier.computeCost += flops * weight * costPerFlop * factor
      if (factor !== 1) tallies.modeledCost += flops * weight * costPerFlop * (factor - 1)
    },
    refereeRun(flops, cost) {
      if (generation && cost !== undefined) generation.refereeCost += cost
      else tallies.refereeFlops += flops
    },
    verdict(now, host, job, test) {
      if (test.verdict === 'continue') return
      const tokens = test.decidedAtTokens ?? test.tokens
      if (generation && test.verdict === 'convict' && hosts[host]?.behaviour !== 'honest')
        generation.detectionTokens.push(tokens)
      trace({
        t: now,
        type: 'detection',
        host,
        job,
        verdict: test.verdict,
        chunks: test.chunks,
        tokens,
        statistic: test.logLikelihoodRatio,
      })
    },
    verificationGas(gas) {
      tallies.verificationGas += gas
    },
    gas(receipts) {
      for (const r of receipts) {
        const entry = byCall[r.call.kind] ?? { calls: 0, gas: 0 }
        byCall[r.call.kind] = entry
        entry.calls++
        entry.gas += Number(r.gasUsed)
        tallies.protocolGas += r.gasUsed
      }
    },
    blockLatency(seconds) {
      tallies.blockLatencies.push(seconds)
    },
    block(now, number, receipts) {
      counts.blocks++
      let gas = 0
      for (const r of receipts) gas += Number(r.gasUsed)
      trace({ t: now, type: 'block', number, calls: receipts.length, gas })
    },
    dispute() {
      counts.disputes++
    },
    gameOpened(sham) {
      if (sham) counts.sham_games++
      else {
        counts.games++
        counts.disputes++
      }
    },
    gameResolved(event, sham) {
      // A sham game is counted in sham_games only, so the honest games' figures stay comparable.
      if (sham) return
      counts.game_rounds += event.rounds
      if (event.byTimeout) counts.timeouts++
    },
    expired(now, kind, id, job) {
      counts.expired_cases++
      trace({ t: now, type: 'expired', case: kind, id, job })
    },
    forcedError(verifier, jackpot) {
      verifier.rewards += jackpot
      tallies.jackpots += jackpot
      counts.forced_errors_caught++
    },
    bribe(replica, verifier, bribe) {
      const host = hosts[replica.host] as HostState
      host.bribes += bribe
      verifier.rewards += bribe
      tallies.bribes += bribe
      replica.bribe = (replica.bribe ?? 0) + bribe
    },
    missed(job, verifier, now, reason) {
      counts.missed_challenges++
      trace({ t: now, type: 'missed', job, verifier, reason })
    },
    payout(batch, paid, now) {
      const host = hosts[batch.host] as HostState
      host.revenue += paid
      tallies.networkFees += fromUnits(paid)
      // Each job once, at the payout that made it final: what a reader needs for its latency.
      const finalJobs: number[] = []
      for (const replica of batch.replicas)
        if (replica.stage.state === 'committed' && final(replica, now)) finalJobs.push(replica.job.id)
      trace({
        t: now,
        type: 'payout',
        batch: batch.id,
        host: batch.host,
        amount: fromUnits(paid),
        final: finalJobs,
      })
    },
    emission(now, credited) {
      let total = 0n
      for (const e of credited) {
        const host = hosts[e.host] as HostState
        host.emitted += e.amount
        total += e.amount
      }
      const tokens = fromUnits(total)
      tallies.emitted += tokens
      trace({ t: now, type: 'emission', hosts: credited.length, amount: tokens })
      return tokens
    },
    slash(event, replica, now) {
      const host = hosts[event.host] as HostState
      host.stakeUnits -= event.amount
      host.slashed += event.amount
      staked(event.host)
      if (classes)
        tallyValueClass(classes, {
          kind: 'slashed',
          replica,
          honestHost: honestHost(replica),
          amount: fromUnits(event.amount),
        })
      host.recentDetections++
      settle(replica, 'slashed')
      const { offer } = replica.job
      tallies.slashesByOffer[offer] = (tallies.slashesByOffer[offer] ?? 0) + 1
      const honest = !isBad(replica)
      if (honest) {
        tallies.honestSlashed++
        counts.false_slashes++
      } else {
        tallies.badSlashed++
        counts.detected++
        tallies.detectionLatencies.push(now - replica.job.requestedAt)
      }
      strategies?.settled(replica, 'slashed', event)
      trace({
        t: now,
        type: 'slash',
        host: event.host,
        job: replica.job.id,
        amount: fromUnits(event.amount),
        honest,
        cause: Object.keys(event.cause)[0] as 'dispute' | 'game' | 'vote',
      })
    },
    refund(replica) {
      settle(replica, 'refunded')
      strategies?.settled(replica, 'refunded')
      counts.refunded_results++
      if (isBad(replica)) tallies.badRefunded++
    },
    cached(hits) {
      counts.cached_inferences = hits
    },
    elapsed(now) {
      tallies.elapsed = now
    },
    gasByCall: () => sortKeys(byCall),
    valueClasses: () => (classes ? [...classes.values()].sort((a, b) => a.fee - b.fee) : null),
    adoption: () =>
      adoption.map((b, i) => ({
        t: ((i + 1) * spec.duration) / 10,
        share: b.offered > 0 ? b.network / b.offered : null,
      })),
  }
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}
