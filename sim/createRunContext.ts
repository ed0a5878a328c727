import { BaseError } from '../errors/index.ts'
import { assignShares } from './assignShares.ts'
import { createGeneration, type Generation } from './createGeneration.ts'
import { createRecorder, type Recorder } from './createRecorder.ts'
import { createStrategies, type JobCompute, type Strategies } from './createStrategies.ts'
import { createWeightedPicker } from './createWeightedPicker.ts'
import type { HonestNull } from './detection/types.ts'
import { drawFee } from './drawFee.ts'
import { createEventQueue, type EventQueue } from './eventQueue.ts'
import { hardwareKey } from './hardwareKey.ts'
import { createHosting, type Hosting } from './hosting/createHosting.ts'
import type { MarketBook } from './market/types.ts'
import type {
  CallReceipt,
  CompareResult,
  HardwareProfile,
  InferencePort,
  LayerCheckResult,
  LedgerCall,
  LedgerPort,
  ModelInfo,
  RunRef,
  VariantName,
} from './ports.ts'
import { createRngStreams, type RngStreams } from './rngStreams.ts'
import type { Task } from './runEventLoop.ts'
import type { RunSpec } from './runSpec.ts'
import type { HostState, HostStatus, Job, Replica, VerifierState } from './runState.ts'
import type { TraceEvent } from './traceEvent.ts'
import { fromUnits, toUnits } from './units.ts'

export type { Task }

// Same-time events run in this order: hosts failing or recovering (so a host that fails at t takes
// no request at t), requests, finished host inferences, finished checks, finished referee runs,
// and last the block, which therefore sees everything finished at its time.
export const PRIORITY = {
  hostStatus: 0,
  arrival: 1,
  inferenceDone: 2,
  checkDone: 3,
  refereeDone: 4,
  block: 9,
} as const

/**
 * Calls per chain block; more in one time step are mined as several blocks at the same
 * timestamp. Measured on anvil 1.7.1 through the ledger adapter: 1,300 commitments/s in blocks
 * of 128, 780/s in blocks of 256, 360/s in one block of 1,000.
 */
export const MAX_CALLS_PER_BLOCK = 128

/**
 * What a verification mode sees of a run: the scenario, random streams, agents, the books, the
 * chain (queue a call for the next block) and re-execution by checkers and the referee.
 */
export type ModeContext = {
  spec: RunSpec
  rng: RngStreams
  hosts: readonly HostState[]
  verifiers: readonly VerifierState[]
  /**
   * Each requester's fee per job in tokens (its jobs' value): requesters.fee for all, or, with
   * requesters.feeDraw, drawn once per requester from its own stream and rounded to the chain's unit.
   */
  requesterFees: readonly number[]
  /** FLOPs of one honest inference of the run's (first) model: what a check of it costs. */
  honestFlops: number
  /**
   * Model `model` (Job.model) of a decoder run: how its jobs' generations are drawn and priced,
   * its checkpoints and its detection test; null for a forward model. Per model, since a
   * catalog's decoders differ in size, blocks and honest null.
   */
  generationOf(model: number): Generation | null
  record: Recorder
  /** Rational hosts' and verifiers' learners (issue 17). */
  strategies: Strategies
  /** What `job`'s compute costs in tokens, run honestly, as the cheat, and checked. */
  jobCompute(job: Job): JobCompute
  trace(event: TraceEvent): void
  /**
   * Queue a call for the next block. On its receipt a rejection stops the run with `the chain
   * rejected WHAT: ERROR` (unless `onReject` takes it), gas of a `verification` call counts as
   * verification gas, and `then` runs.
   */
  submit(call: LedgerCall, what: string, then?: (receipt: CallReceipt) => void, options?: SubmitOptions): void
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
}

export type SubmitOptions = {
  /** The call exists only because of verification: its gas is verification gas. */
  verification?: boolean
  /** A rejection the caller expects: runs instead of stopping the run. */
  onReject?: (receipt: CallReceipt) => void
}

/** The run as the job lifecycle drives it: what modes see, plus the clock, the chain and the draw. */
export type RunContext = ModeContext & {
  model: ModelInfo
  /** Every model a job can ask for: the catalog's in order, or the one model (Job.model indexes it). */
  models: readonly ModelInfo[]
  queue: EventQueue<Task>
  hosts: HostState[]
  at(time: number, priority: number, task: Task): void
  /** Mine the queued calls at virtual time `now` and run their receipt handlers in order. */
  mine(now: number): Promise<CallReceipt[]>
  /**
   * A stake-weighted draw of `n` distinct eligible hosts (active, with the minimum stake). With a
   * catalog routing requests (coldStart: route), hosts that hold `model` are drawn first, then
   * any eligible host.
   */
  pickHosts(n: number, model?: number): number[]
  /** FLOPs of one inference of `job`'s model as `variant` (default honest; 0 for a variant it lacks). */
  flopsOf(job: Job, variant?: VariantName): number
  /** The model `job` asks for. */
  modelOf(job: Job): ModelInfo
  /** Catalog runs: placement, residency and cold loads (sim/hosting); null without a catalog. */
  hosting: Hosting | null
  /**
   * Move host `host` to `status`, and re-weigh it in the draw with its current stake (only an
   * active host can be drawn): the one way hosts fail, recover, enter and exit (sim/supply/).
   */
  setHostStatus(host: number, status: HostStatus): void
  /** Demand-market runs (spec.demand): the book every market figure goes through; null otherwise. */
  book: MarketBook | null
}

export function createRunContext(
  spec: RunSpec,
  io: {
    inference: InferencePort
    ledger: LedgerPort
    trace?: (event: TraceEvent) => void
    honestNull?: HonestNull
    honestNulls?: readonly (HonestNull | undefined)[]
  },
  model: ModelInfo,
  /** The catalog's models in order (the first is `model`); absent: `model` alone. */
  models: readonly ModelInfo[] = [model],
): RunContext {
  const rng = createRngStreams(spec.seed, spec.replicate)
  const queue = createEventQueue<Task>()
  const { inference, ledger } = io
  const honestFlops = model.variants.honest.flops
  // Exact re-execution (protocol.exact): checkers run deterministic kernels at their modeled
  // overhead, and a forward model's result from the checker's own hardware class is compared on
  // raw bits (the engine's compare at tolerance 0), any other within the tolerance.
  const exact = spec.protocol.mode === 'tee' || spec.protocol.mode === 'zk' ? undefined : spec.protocol.exact
  const checkFactor = exact?.overheadFactor ?? 1
  const exactAgainst = (replica: Replica, hardware: HardwareProfile) =>
    exact && !replica.job.generation && hardwareKey(replica.hardware) === hardwareKey(hardware)
      ? { exact: true }
      : {}
  const minStake = toUnits(spec.protocol.minStake)
  // One per model, each on its own ModelInfo and honest null: a catalog's decoders share the
  // workload and the machine profile, not their sizes, blocks or floating-point spread.
  const generations = models.map((m, i) =>
    createGeneration(
      i === 0 ? spec : { ...spec, model: spec.catalog?.models[i]?.model ?? spec.model },
      m,
      io.honestNulls?.[i] ?? (i === 0 ? io.honestNull : undefined),
    ),
  )
  const generationOf = (m: number) => generations[m] ?? null
  // A catalog decoder's own tolerance (tolerance: auto measured per model); absent: the port's.
  const toleranceOf = (m: number) => {
    const tolerance = spec.catalog?.models[m]?.generationTolerance
    return tolerance ? { generationTolerance: tolerance } : {}
  }

  // With hosts.entry, accounts beyond `count` are the reserve: behaviour and hardware are drawn
  // over all `max` of them at set-up, as for the others, but they hold no stake until they enter.
  const accounts = spec.hosts.entry?.max ?? spec.hosts.count
  const hostBehaviours = assignShares(rng, 'host', accounts, spec.hosts.shares)
  const hardwareShares = Object.fromEntries(spec.hosts.hardware.map((h, i) => [String(i), h.share]))
  const hostHardware = assignShares(rng, 'hardware', accounts, hardwareShares)
  const hosts: HostState[] = hostBehaviours.map((behaviour, i) => ({
    status: i < spec.hosts.count ? { state: 'active' } : { state: 'reserve' },
    behaviour,
    hardware:
      (spec.hosts.hardware[Number(hostHardware[i])] ?? spec.hosts.hardware[0])?.profile ??
      spec.verifiers.hardware,
    stake: spec.hosts.stake,
    stakeUnits: i < spec.hosts.count ? toUnits(spec.hosts.stake) : 0n,
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
    emitted: 0n,
    slashed: 0n,
    bribes: 0,
    cheatGains: 0,
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
  }))
  const costPerFlop = spec.economics.costPerFlop
  const flopsOf = (job: Job, variant: VariantName = 'honest') =>
    models[job.model]?.variants[variant]?.flops ?? 0
  const modelOf = (job: Job) => (models[job.model] ?? model) as ModelInfo
  const jobCompute = (job: Job): JobCompute => {
    const w = job.weight
    const order = job.generation
    const generation = generationOf(job.model)
    if (generation && order)
      return {
        honest: generation.host(order, 'honest').cost * w,
        cheat: generation.host(order, spec.hosts.variant).cost * w,
        check: generation.check(order).cost * w,
      }
    const honest = flopsOf(job) * costPerFlop * w
    return { honest, cheat: flopsOf(job, spec.hosts.variant) * costPerFlop * w, check: honest }
  }
  const strategies = createStrategies(spec, rng, hosts, verifiers, jobCompute)

  const weightOf = (h: HostState) =>
    h.status.state === 'active' && h.stakeUnits >= minStake ? fromUnits(h.stakeUnits) : 0
  const picker = createWeightedPicker(hosts.map(weightOf))
  const trace = io.trace ?? (() => {})
  const pending: { call: LedgerCall; onReceipt: (receipt: CallReceipt) => void }[] = []
  const referee = { busyUntil: 0, hardware: spec.verifiers.hardware }

  let hosting: Hosting | null = null
  const reweigh = (host: number) => {
    const weight = weightOf(hosts[host] as HostState)
    picker.set(host, weight)
    hosting?.reweigh(host, weight)
  }
  const record = createRecorder({
    spec,
    hosts,
    verifiers,
    honestFlops,
    trace,
    staked: reweigh,
    strategies,
    generating: generations.some((g) => g !== null),
  })
  if (spec.catalog && record.tallies.hosting)
    hosting = createHosting({
      catalog: spec.catalog,
      rng,
      hosts,
      verifiers,
      weightOf,
      outlook: { rate: spec.requesters.count * spec.requesters.jobRate, fee: spec.requesters.fee },
      tally: record.tallies.hosting,
      trace,
    })
  const routed = spec.catalog?.coldStart === 'route'

  const ctx: RunContext = {
    spec,
    rng,
    requesterFees: requesterFeesOf(spec, rng),
    model,
    models,
    flopsOf,
    modelOf,
    hosting,
    queue,
    hosts,
    verifiers,
    record,
    strategies,
    jobCompute,
    trace,
    honestFlops,
    generationOf,
    // Set by the market wiring (issue 16) when spec.demand is on.
    book: null,
    at(time, priority, task) {
      queue.push(time, priority, task)
    },
    submit(call, what, then, options = {}) {
      // Every receipt is checked here, so no handler can forget to.
      pending.push({
        call,
        onReceipt: (receipt) => {
          if (options.verification) record.verificationGas(receipt.gasUsed)
          if (!receipt.ok) {
            if (!options.onReject) throw new BaseError(`the chain rejected ${what}: ${receipt.error}`)
            options.onReject(receipt)
            return
          }
          then?.(receipt)
        },
      })
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
          ;(chunk[i] as (typeof calls)[number]).onReceipt(receipt)
          receipts.push(receipt)
        }
        record.block(now, block.number, block.receipts)
      }
      return receipts
    },
    check(verifier, replica, now, then) {
      const state = verifiers[verifier] as VerifierState
      const order = replica.job.generation
      const generation = generationOf(replica.job.model)
      const price = generation && order ? generation.check(order) : null
      // A job standing for `weight` real requests is checked that many times over.
      const w = replica.job.weight
      const flops = flopsOf(replica.job)
      record.check(state, price ? price.cost * w : undefined, w, flops, checkFactor)
      let start = Math.max(now, state.busyUntil)
      // A verifier must hold what it checks: one that does not waits for the load and pays it.
      const load = hosting?.load('verifier', verifier, replica.job.model, now, start)
      if (load) start = load.end
      state.busyUntil = start + (price ? price.seconds : flops / spec.verifiers.speed) * w * checkFactor
      const result = inference.compare({
        modelId: modelOf(replica.job).id,
        inputSeed: replica.job.inputSeed,
        ...(order ? { generation: order } : {}),
        claimed: claimedRun(replica),
        reference: { variant: 'honest', hardware: spec.verifiers.hardware },
        ...exactAgainst(replica, spec.verifiers.hardware),
        ...(order ? toleranceOf(replica.job.model) : {}),
      })
      result.catch(() => {})
      queue.push(state.busyUntil, PRIORITY.checkDone, async (at) => then(await result, at))
    },
    refereeCompare(replica, now, then) {
      const order = replica.job.generation
      const generation = generationOf(replica.job.model)
      const price = generation && order ? generation.check(order) : null
      const w = replica.job.weight
      const flops = flopsOf(replica.job)
      record.refereeRun(flops * w, price ? price.cost * w : undefined)
      referee.busyUntil =
        Math.max(now, referee.busyUntil) + (price ? price.seconds : flops / spec.verifiers.speed) * w
      const result = inference.compare({
        modelId: modelOf(replica.job).id,
        inputSeed: replica.job.inputSeed,
        ...(order ? { generation: order } : {}),
        claimed: claimedRun(replica),
        reference: { variant: 'honest', hardware: referee.hardware },
        ...exactAgainst(replica, referee.hardware),
        ...(order ? toleranceOf(replica.job.model) : {}),
      })
      result.catch(() => {})
      queue.push(referee.busyUntil, PRIORITY.refereeDone, async (at) =>
        then((await result).agree.every(Boolean), at),
      )
    },
    refereeLayer(replica, layer, now, then) {
      const order = replica.job.generation
      const generation = generationOf(replica.job.model)
      // A decoder's checkpoint is a (chunk, block): the referee runs that block up to the chunk's end.
      const price = generation && order ? generation.referee(order, layer) : null
      const w = replica.job.weight
      const layerModel = modelOf(replica.job)
      const flops = (layerModel.layerFlops[layer - 1] ?? flopsOf(replica.job)) * w
      record.refereeRun(flops, price ? price.cost * w : undefined)
      referee.busyUntil =
        Math.max(now, referee.busyUntil) + (price ? price.seconds * w : flops / spec.verifiers.speed)
      const result = inference.checkLayer({
        modelId: layerModel.id,
        inputSeed: replica.job.inputSeed,
        layer,
        ...(order ? { generation: order } : {}),
        claimed: claimedRun(replica),
        hardware: referee.hardware,
        ...(order ? toleranceOf(replica.job.model) : {}),
      })
      result.catch(() => {})
      queue.push(referee.busyUntil, PRIORITY.refereeDone, async (at) => then(await result, at))
    },
    pickHosts(n, model) {
      const draw = rng.stream('network', 'assign')
      const picked: number[] = []
      // Routing: holders of the model first; any eligible host (which cold-loads) fills the rest.
      const holders = routed && model !== undefined ? hosting?.holders(model) : undefined
      const taken: { host: number; weight: number }[] = []
      if (holders)
        for (let i = 0; i < n; i++) {
          const host = holders.pick(draw())
          if (host < 0) break
          picked.push(host)
          taken.push({ host, weight: holders.weight(host) })
          holders.set(host, 0)
          picker.set(host, 0)
        }
      for (let i = picked.length; i < n; i++) {
        const host = picker.pick(draw())
        if (host < 0) break
        picked.push(host)
        // Distinct hosts per job: take each pick out of the draw until the job is placed.
        picker.set(host, 0)
      }
      for (const { host, weight } of taken) holders?.set(host, weight)
      for (const host of picked) picker.set(host, weightOf(hosts[host] as HostState))
      return picked
    },
    setHostStatus(host, status) {
      const state = hosts[host] as HostState
      state.status = status
      reweigh(host)
    },
  }
  return ctx
}

/**
 * The chain's clock is the virtual clock shifted to a fixed epoch; only differences of
 * timestamps matter to the protocol, so the epoch is arbitrary but must not move.
 */
export const CHAIN_EPOCH = 1_700_000_000

/** The run a replica's host made, as checkers and referees re-create it (its own noise and batch included). */
function claimedRun(replica: Replica): RunRef {
  const run: RunRef = { variant: replica.variant, hardware: replica.hardware, salt: replica.host }
  // A batched job is re-created in its batch: batching may have changed its bits (issue 19).
  if (replica.batch) run.batch = replica.batch
  return run
}

/**
 * A new stream per requester (`requester-i`, 'fee'), drawn only with a fee draw, so that no
 * existing stream shifts and a plain fee's runs stay byte-identical.
 */
function requesterFeesOf(spec: RunSpec, rng: RngStreams): number[] {
  const { count, fee, feeDraw } = spec.requesters
  return Array.from({ length: count }, (_, i) =>
    feeDraw === null ? fee : fromUnits(toUnits(drawFee(feeDraw, rng.stream(`requester-${i}`, 'fee')()))),
  )
}
