import { BaseError } from '../errors/index.ts'
import { assignShares } from './assignShares.ts'
import type { Tallies } from './computeMetrics.ts'
import { createWeightedPicker } from './createWeightedPicker.ts'
import { createEventQueue, type EventQueue } from './eventQueue.ts'
import type {
  CallReceipt,
  CompareResult,
  HardwareProfile,
  InferencePort,
  LayerCheckResult,
  LedgerCall,
  LedgerEvent,
  LedgerPort,
  ModelInfo,
  RunRef,
} from './ports.ts'
import { createRngStreams, type RngStreams } from './rngStreams.ts'
import type { Task } from './runEventLoop.ts'
import type { RunSpec } from './runSpec.ts'
import type { HostState, Replica, VerifierState } from './runState.ts'
import { isBad } from './runState.ts'
import type { TraceEvent } from './traceEvent.ts'
import { fromUnits, toUnits } from './units.ts'

export type { Task }

// Same-time events run in this order: requests, finished host inferences, finished checks,
// finished referee runs, and last the block, which therefore sees everything finished at its time.
export const PRIORITY = { arrival: 1, inferenceDone: 2, checkDone: 3, refereeDone: 4, block: 9 } as const

/**
 * Calls per chain block; more in one time step are mined as several blocks at the same
 * timestamp. Measured on anvil 1.7.1 through the ledger adapter: 1,300 commitments/s in blocks
 * of 128, 780/s in blocks of 256, 360/s in one block of 1,000.
 */
export const MAX_CALLS_PER_BLOCK = 128

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

export type RunContext = {
  spec: RunSpec
  rng: RngStreams
  inference: InferencePort
  model: ModelInfo
  queue: EventQueue<Task>
  hosts: HostState[]
  verifiers: VerifierState[]
  tallies: Tallies
  counts: Counts
  trace(event: TraceEvent): void
  at(time: number, priority: number, task: Task): void
  /** Queue a call for the next block; `then` runs on its receipt once the block is mined. */
  submit(call: LedgerCall, then: (receipt: CallReceipt) => void): void
  /** Mine the queued calls at virtual time `now` and run their receipt handlers in order. */
  mine(now: number): Promise<CallReceipt[]>
  /** A checker re-executes `replica` on its own hardware; `then` runs when its compute is done. */
  check(
    verifier: number,
    replica: Replica,
    now: number,
    then: (result: CompareResult, now: number) => void,
  ): void
  /** The referee re-executes the whole job and compares the final output. */
  refereeCompare(replica: Replica, now: number, then: (agree: boolean, now: number) => void): void
  /** The referee re-executes one layer as a one-layer model. */
  refereeLayer(
    replica: Replica,
    layer: number,
    now: number,
    then: (result: LayerCheckResult, now: number) => void,
  ): void
  /** Account for a Slashed event against `replica`. */
  applySlash(event: Extract<LedgerEvent, { kind: 'Slashed' }>, replica: Replica, now: number): void
  /** The replica's fee was refunded without a slash (replication without consensus). */
  applyRefund(replica: Replica): void
  /** The replica reached finality unchallenged. */
  applyFinal(replica: Replica, now: number): void
  /**
   * A checker found `job`'s result wrong too late to prove it: the window had closed, or the
   * result was already final. Counted in missed_challenges and traced; nothing goes on chain.
   */
  missChallenge(job: number, verifier: number, now: number, reason: MissReason): void
  /** A stake-weighted draw of `n` distinct eligible hosts. */
  pickHosts(n: number): number[]
  honestFlops: number
  referee: { busyUntil: number; hardware: HardwareProfile }
}

/** Why a checker's finding could not become a challenge. */
export type MissReason = 'challenge window closed' | 'result already final'

export function createRunContext(
  spec: RunSpec,
  io: { inference: InferencePort; ledger: LedgerPort; trace?: (event: TraceEvent) => void },
  model: ModelInfo,
): RunContext {
  const rng = createRngStreams(spec.seed, spec.replicate)
  const queue = createEventQueue<Task>()
  const { inference, ledger } = io
  const honestFlops = model.variants.honest.flops
  const minStake = toUnits(spec.protocol.minStake)

  const hostBehaviours = assignShares(rng, 'host', spec.hosts.count, spec.hosts.shares)
  const hardwareShares = Object.fromEntries(spec.hosts.hardware.map((h, i) => [String(i), h.share]))
  const hostHardware = assignShares(rng, 'hardware', spec.hosts.count, hardwareShares)
  const hosts: HostState[] = hostBehaviours.map((behaviour, i) => ({
    behaviour,
    hardware:
      (spec.hosts.hardware[Number(hostHardware[i])] ?? spec.hosts.hardware[0])?.profile ??
      spec.verifiers.hardware,
    stake: spec.hosts.stake,
    stakeUnits: toUnits(spec.hosts.stake),
    busyUntil: 0,
    done: [],
    cheatRate:
      behaviour === 'lazy'
        ? spec.hosts.cheatRate
        : behaviour === 'adaptive'
          ? spec.hosts.adaptive.initialRate
          : 0,
    computeCost: 0,
    revenue: 0n,
    slashed: 0n,
    recentJobs: 0,
    recentDetections: 0,
  }))
  const verifiers: VerifierState[] = assignShares(
    rng,
    'verifier',
    spec.verifiers.count,
    spec.verifiers.shares,
  ).map((behaviour) => ({
    behaviour,
    busyUntil: 0,
    computeCost: 0,
    rewards: 0,
    fraudBelief: spec.verifiers.fraudPrior,
  }))

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
    detectionLatencies: [],
    hosts,
    networkJobs: 0,
    offeredJobs: 0,
    badRefunded: 0,
    modeledCost: 0,
    jackpots: 0,
    networkFees: 0,
    elapsed: 0,
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

  const weightOf = (h: HostState) => (h.stakeUnits >= minStake ? fromUnits(h.stakeUnits) : 0)
  const picker = createWeightedPicker(hosts.map(weightOf))
  const trace = io.trace ?? (() => {})
  const pending: { call: LedgerCall; then: (receipt: CallReceipt) => void }[] = []
  const referee = { busyUntil: 0, hardware: spec.verifiers.hardware }

  // A result leaves the books exactly once: final, slashed or refunded.
  const settle = (replica: Replica, state: Replica['state']) => {
    if (replica.state !== 'committed') throw new BaseError(`replica of job ${replica.job.id} settled twice`)
    replica.state = state
    replica.contested = false
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

  const ctx: RunContext = {
    spec,
    rng,
    inference,
    model,
    queue,
    hosts,
    verifiers,
    tallies,
    counts,
    trace,
    honestFlops,
    referee,
    at(time, priority, task) {
      queue.push(time, priority, task)
    },
    submit(call, then) {
      pending.push({ call, then })
    },
    async mine(now) {
      const calls = pending.splice(0)
      const receipts: CallReceipt[] = []
      // A time step's calls go into chain blocks of at most MAX_CALLS_PER_BLOCK, all at the same
      // timestamp: anvil reads a block's receipts in time quadratic in its size (3,000
      // transactions took 8 s, 100 took 15 ms), and bursts of thousands of commits happen at scale.
      for (let start = 0; start === 0 || start < calls.length; start += MAX_CALLS_PER_BLOCK) {
        const chunk = calls.slice(start, start + MAX_CALLS_PER_BLOCK)
        for (const { call } of chunk) ledger.submit(call)
        const block = await ledger.mine(CHAIN_EPOCH + now)
        if (block.receipts.length !== chunk.length) {
          throw new BaseError(
            `the chain returned ${block.receipts.length} receipts for ${chunk.length} calls`,
          )
        }
        for (const [i, receipt] of block.receipts.entries()) {
          ;(chunk[i] as (typeof calls)[number]).then(receipt)
          receipts.push(receipt)
        }
        counts.blocks++
        let gas = 0
        for (const r of block.receipts) gas += Number(r.gasUsed)
        trace({ t: now, type: 'block', number: block.number, calls: block.receipts.length, gas })
      }
      return receipts
    },
    check(verifier, replica, now, then) {
      const state = verifiers[verifier] as VerifierState
      counts.checks++
      tallies.verifierFlops += honestFlops
      state.computeCost += honestFlops * spec.economics.costPerFlop
      const start = Math.max(now, state.busyUntil)
      state.busyUntil = start + honestFlops / spec.verifiers.speed
      const result = inference.compare({
        modelId: model.id,
        inputSeed: replica.job.inputSeed,
        claimed: claimedRun(replica),
        reference: { variant: 'honest', hardware: spec.verifiers.hardware },
      })
      result.catch(() => {})
      queue.push(state.busyUntil, PRIORITY.checkDone, async (at) => then(await result, at))
    },
    refereeCompare(replica, now, then) {
      tallies.refereeFlops += honestFlops
      referee.busyUntil = Math.max(now, referee.busyUntil) + honestFlops / spec.verifiers.speed
      const result = inference.compare({
        modelId: model.id,
        inputSeed: replica.job.inputSeed,
        claimed: claimedRun(replica),
        reference: { variant: 'honest', hardware: referee.hardware },
      })
      result.catch(() => {})
      queue.push(referee.busyUntil, PRIORITY.refereeDone, async (at) =>
        then((await result).agree.every(Boolean), at),
      )
    },
    refereeLayer(replica, layer, now, then) {
      const flops = model.layerFlops[layer - 1] ?? honestFlops
      tallies.refereeFlops += flops
      referee.busyUntil = Math.max(now, referee.busyUntil) + flops / spec.verifiers.speed
      const result = inference.checkLayer({
        modelId: model.id,
        inputSeed: replica.job.inputSeed,
        layer,
        claimed: claimedRun(replica),
        hardware: referee.hardware,
      })
      result.catch(() => {})
      queue.push(referee.busyUntil, PRIORITY.refereeDone, async (at) => then(await result, at))
    },
    applySlash(event, replica, now) {
      const host = hosts[event.host] as HostState
      host.stakeUnits -= event.amount
      host.slashed += event.amount
      picker.set(event.host, weightOf(host))
      host.recentDetections++
      settle(replica, 'slashed')
      const honest = !isBad(replica)
      if (honest) {
        tallies.honestSlashed++
        counts.false_slashes++
      } else {
        tallies.badSlashed++
        counts.detected++
        tallies.detectionLatencies.push(now - replica.job.requestedAt)
      }
      // Everyone watches the chain: a slash raises rational verifiers' estimate of fraud.
      const signal = spec.verifiers.rational.slashSignal
      for (const v of verifiers)
        if (v.behaviour === 'rational') v.fraudBelief = Math.min(1, v.fraudBelief + signal)
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
    applyRefund(replica) {
      settle(replica, 'refunded')
      counts.refunded_results++
      if (isBad(replica)) tallies.badRefunded++
    },
    missChallenge(job, verifier, now, reason) {
      counts.missed_challenges++
      trace({ t: now, type: 'missed', job, verifier, reason })
    },
    applyFinal(replica, now) {
      settle(replica, 'final')
      if (isBad(replica)) {
        tallies.badFinalized++
        counts.undetected++
      }
      const job = replica.job
      if (job.finalizedAt === undefined) {
        job.finalizedAt = now
        tallies.finalityLatencies.push(now - job.requestedAt)
        tallies.finalityLatencySum += now - job.requestedAt
      }
    },
    pickHosts(n) {
      const draw = rng.stream('network', 'assign')
      const picked: number[] = []
      for (let i = 0; i < n; i++) {
        const host = picker.pick(draw())
        if (host < 0) break
        picked.push(host)
        // Distinct hosts per job: take each pick out of the draw until the job is placed.
        picker.set(host, 0)
      }
      for (const host of picked) picker.set(host, weightOf(hosts[host] as HostState))
      return picked
    },
  }
  return ctx
}

/**
 * The chain's clock is the virtual clock shifted to a fixed epoch; only differences of
 * timestamps matter to the protocol, so the epoch is arbitrary but must not move.
 */
export const CHAIN_EPOCH = 1_700_000_000

/** The run a replica's host made, as checkers and referees re-create it (its own noise included). */
function claimedRun(replica: Replica): RunRef {
  return { variant: replica.variant, hardware: replica.hardware, salt: replica.host }
}
