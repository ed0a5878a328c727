import type { NamedDecoder } from './cost/llamaLikeDecoders.ts'
import type { HardwareCostProfile } from './cost/types.ts'
import type { Segment } from './demand/types.ts'
import type { CheatVariant, GenerationTolerance, HardwareProfile, ModelSpec } from './ports.ts'
import type { HostBehaviour } from './runState.ts'
import type { LearnerRule } from './strategy/types.ts'

export type ModeName = 'none' | 'sampling' | 'replication' | 'optimistic' | 'tee' | 'zk'

/** A trusted-hardware or proof system that is modeled, not executed. */
export type ModeledAttestation = {
  /** Host compute is multiplied by this (zk proving is 100–1000× native, TEEs a few percent). */
  overheadFactor: number
  /** Real gas charged on chain per attested batch. */
  gas: number
  /** Virtual seconds from commitment to a checked attestation or proof. */
  latency: number
  /** Probability that a bad result passes anyway (a broken enclave, a soundness error). */
  failureRate: number
}

/** Deterministic kernels (protocol.exact): the multiple of compute they cost. */
export type ExactReExecution = { overheadFactor: number }

/** How long a zk proof takes: `factor` × native compute, or a × parameters^b per token position. */
export type ZkProving = { kind: 'flat'; factor: number } | { kind: 'powerLaw'; a: number; b: number }

/**
 * A modeled TEE. On top of `overheadFactor`, each request costs `fixedSeconds` of host time and
 * `fixedCost` tokens (attestation, PCIe encryption set-up), so the overhead falls with model size.
 * Each host's enclave is compromised at `compromiseRate` per virtual second: its bad results then
 * pass attestation until the compromise is found, exponential(mean `discoveryTime`) seconds later.
 */
export type TeeAttestation = ModeledAttestation & {
  fixedSeconds: number
  fixedCost: number
  compromiseRate: number
  discoveryTime: number
  /**
   * With a catalog: a host whose enclave ran a different model for its previous job pays
   * `swapSeconds` of host time and `swapCost` tokens once more (sealing, re-measuring and
   * re-attesting the enclave). Absent: 0, and a spec without a catalog never has them.
   */
  swapSeconds?: number
  swapCost?: number
}

/**
 * A modeled zk prover: `proving` (flat: `overheadFactor`, today's default), and on-chain
 * verification gas of `gas` plus `gasPerByte` per byte of a `proofBytes` proof in calldata.
 */
export type ZkAttestation = ModeledAttestation & {
  proving: ZkProving
  proofBytes: number
  gasPerByte: number
}

/**
 * What a job is worth, in tokens: its fee. Each requester draws its fee once, from its own stream,
 * and pays it for every job (the contract keeps one fee per open order between a payer and a
 * host). `uniform` and `logUniform` are over [min, max]; `choices` picks one value with equal
 * probability.
 */
export type FeeDraw = { uniform: [number, number] } | { logUniform: [number, number] } | { choices: number[] }

/**
 * What a proven fault costs the host, besides its fee (refunded), capped at its bond:
 * - fraction: `slashFraction` of its current stake;
 * - fixed: `slashAmount` tokens;
 * - valueScaled: `slashScale` × the job's fee ÷ the probability the job was checked (1 above
 *   `alwaysCheckAbove`), so the expected penalty of a cheat is slashScale × its value.
 */
export type SlashRule = 'fraction' | 'fixed' | 'valueScaled'

/** A token count per job: the same for every job, or drawn uniformly from [min, max]. */
export type TokenCount = { fixed: number } | { uniform: [number, number] }

/** What a generation job asks for (decoder models only). */
export type WorkloadSpec = {
  prompt: TokenCount
  outputTokens: TokenCount
  sampling: { kind: 'greedy' } | { kind: 'sample'; temperature: number }
  chunkSize: number
  topK: number
}

/**
 * The sequential test that convicts a host on evidence accumulated across chunks and jobs
 * (sim/detection): a slash needs it to cross its threshold.
 */
export type DetectionSpec = {
  /** Largest share of honest hosts the test may convict. */
  alpha: number
  /** Largest share of cheats of size delta the test may clear. */
  beta: number
  /** The shift, in honest standard deviations, the test is built to detect. */
  delta: number
}

/** A provider outside the network: an API with its own price, latency and outages (never verifiable). */
export type CentralizedProvider = {
  name: string
  /** Tokens per request. */
  price: number
  /** Seconds per request: a log-normal with this median and 95th percentile (p95 ≥ median). */
  latency: { median: number; p95: number }
  /** Share of requests that fail outside outages. */
  failureRate: number
  /**
   * Outages as an alternating process: up for exponential(meanUp) seconds, down for
   * exponential(meanDown); every request during an outage fails. meanUp 0: never out.
   */
  outages: { meanUp: number; meanDown: number }
}

/**
 * A further configuration of the same network, offered to requesters beside the scenario's
 * `protocol` (issue 16's "optionally a second network configuration"): its own verification mode
 * and fee per replica, on the same hosts, verifiers and contract, so every on-chain parameter
 * (challengeWindow, slashFraction, bonds, timeouts, minStake...) is the scenario's. Fully
 * resolved: a mode parameter the scenario leaves out is the scenario protocol's. Never tee or zk
 * (attestation is one switch of the whole contract).
 */
export type NetworkOffer = {
  /** The offer's name among providers (not `network`, a centralized provider's or another offer's). */
  name: string
  /** Tokens per replica, as requesters.fee is for the scenario's protocol. */
  fee: number
  protocol: Pick<RunSpec['protocol'], 'mode' | 'p' | 'k' | 'watchProbability'>
}

/**
 * The demand market (issue 16; docs/demandModel.md): requesters are a population of segments that
 * arrive by Bass diffusion, choose among the network and centralized providers by multinomial
 * logit, and re-evaluate from their own decaying experience and public signals.
 */
export type DemandSpec = {
  /** Segments in scenario order; each segment's bass.m is its share × marketSize. */
  segments: { name: string; segment: Segment }[]
  /** Requesters who ever arrive, over all segments (Bass m of the whole market). */
  marketSize: number
  /**
   * Super-individuals: each simulated requester stands for `weight` real ones, and each simulated
   * request for `weight` real requests in every economic figure (fees, compute, volumes). Real
   * inference runs once per simulated request. Stated in the manifest, summary and report.
   */
  weight: number
  /** Virtual seconds per period of the per-period aggregates and cohorts (a cohort = arrival period). */
  period: number
  /** Retention R(N) is read at this period N (base: period 3 of each cohort). */
  retentionPeriod: number
  /** Repeat share counts volume of requesters active in at least this many periods. */
  repeatPeriods: number
  /** Seconds a requester waits for a request that is never served before counting it failed. */
  timeout: number
  /** Tokens a requester loses when a bad result reaches it (scaled by weight like every figure). */
  fraudLoss: number
  providers: CentralizedProvider[]
  /**
   * Further configurations of the network, in scenario order (may be empty): the choice is
   * among [network, ...offers, ...providers]. Request i of a requester to offer j is job offer
   * j + 1 (0 is the scenario's protocol at requesters.fee).
   */
  offers: NetworkOffer[]
}

/**
 * Tokens the protocol emits to staked hosts (Protocol.sol's emission schedule). Emissions are
 * released from a reserve funded at set-up (the chain's native coin cannot be minted) and split
 * by stake among the hosts active at each distribution, every `every` seconds.
 */
export type EmissionSchedule =
  | { kind: 'none' }
  | { kind: 'constant'; perDay: number; every: number }
  /** perDay halves every `halvingEvery` seconds from the start of the run. */
  | { kind: 'halving'; perDay: number; halvingEvery: number; every: number }
  /** Burn-and-mint: perDay is emitted as under constant, and `burnShare` of every fee is burned at finalize. */
  | { kind: 'burnAndMint'; perDay: number; burnShare: number; every: number }

/** Hosts fail and recover: up for exponential(meanUp) seconds, then down for exponential(meanDown). */
export type HostUptime = { meanUp: number; meanDown: number }

/**
 * Hosts enter and exit by trailing profit: every `every` seconds, a host whose profit over the
 * last `window` seconds (fees + emissions − compute − stake × stakeCostPerDay × days) is below
 * `exitBelow` tokens per day asks to unstake and leaves; when the active hosts' mean profit is
 * above `enterAbove`, one of the `max − count` reserve hosts stakes and joins.
 */
export type HostEntry = {
  max: number
  window: number
  every: number
  stakeCostPerDay: number
  enterAbove: number
  exitBelow: number
}

/** One model of a catalog: its demand share and its memory footprint in bytes (modeled). */
export type CatalogModel = {
  name: string
  model: ModelSpec
  /** Share of requests for it; the shares of a catalog add up to 1. */
  share: number
  /** Bytes a node needs to hold it (modeled: the scenario's, or 4 × parameters, or the file's size). */
  bytes: number
  /**
   * A decoder's generation tolerance when `tolerance: auto` was measured on it (lab/), with the
   * measurement; absent: the run's (RunSpec.generationTolerance, or the engine's default). Kept
   * optional so a catalog without decoders prints as it always did.
   */
  generationTolerance?: GenerationTolerance
  toleranceMeasured?: NonNullable<ToleranceAuto['measured']>
}

/**
 * The hosting layer (issue 18): several models, each with a share of demand, held by hosts and
 * verifiers within their memory, loaded from storage nodes on a cold start, and paid for while held.
 */
export type CatalogSpec = {
  /**
   * At least two; the first is RunSpec.model. All forward models or all decoders (one workload
   * and generation pricing for every decoder): scenarios/ refuses a mix.
   */
  models: CatalogModel[]
  /** Bytes each host and each verifier can hold. */
  memory: { host: number; verifier: number }
  /** Bytes per second a node loads at, at most. */
  loadBandwidth: number
  /** Storage nodes that serve model bytes: a load waits for the first free one. */
  storage: { nodes: number; bandwidth: number }
  /** Tokens per GB loaded. */
  loadCost: number
  /** Tokens per GB-hour held. */
  holdCost: number
  /** How nodes choose what to hold at set-up (sim/hosting/placeModels). */
  placement: 'popularity' | 'profit'
  /**
   * route: a request goes to an eligible host that holds its model, and cold-loads only when none
   * does; wait: any eligible host, and a host without the model cold-loads it.
   */
  coldStart: 'route' | 'wait'
}

/**
 * One fully resolved run: every default filled in, paths absolute, amounts in tokens. scenarios/
 * produces it and the run loop consumes it; sim/ never reads scenario files itself.
 */
export type RunSpec = {
  name: string
  seed: number
  replicate: number
  /** Seconds of virtual time during which requests arrive. */
  duration: number
  blockTime: number
  model: ModelSpec
  /** Generation jobs: required for a decoder model, null for any other. */
  workload: WorkloadSpec | null
  /** 0 means exact comparison (raw float bits). */
  tolerance: number
  /**
   * `tolerance: auto`: `tolerance` is set before the run from the honest spread measured on the
   * real model (`measured`, absent until then); a run refuses to start without it.
   */
  toleranceAuto?: ToleranceAuto
  /**
   * A decoder's generation checks (sampled, optimistic and the referee's block): absent, the
   * engine's default. Forward models never read it. Kept optional so a spec without it, and
   * every output that prints a spec, stays as it was.
   */
  generationTolerance?: GenerationTolerance
  /** Distinct inference results kept for identical requests (see createInferenceCache); 0: none. */
  inferenceCache: number
  hosts: {
    count: number
    stake: number
    speed: number
    shares: { honest: number; lazy: number; adaptive: number; rational: number }
    /** The cheat a lazy, adaptive or rational host runs instead of the honest model. */
    variant: CheatVariant
    cheatRate: number
    /** Probability that a cheating host stops answering a bisection game it is sure to lose. */
    abandonRate: number
    /** Each block: + step if the host served jobs and was not caught, − step × detectionCut per detection. */
    adaptive: { initialRate: number; step: number; detectionCut: number }
    /**
     * Rational hosts: the learning rule by which each chooses, job by job, whether to cheat, from
     * its own realized payoffs (sim/strategy). A host keeps one learner per job value it serves.
     */
    learning: LearnerRule
    /**
     * Share of a job's fee a cheater gains besides the compute it saves when its bad result
     * becomes final: what a wrong answer is worth to whoever bribes the host, outside the protocol.
     */
    cheatGain: number
    /** Results per commitment a host waits for, unless its oldest result has waited maxBatchDelay s. */
    batchSize: number
    maxBatchDelay: number
    /**
     * Inference batching (issue 19), not to be confused with batchSize (results per commitment): a
     * host runs up to maxBatch waiting requests as one batched inference once it is free and the
     * batch is full or its oldest request waited maxWait s. maxBatch 1: every request alone.
     */
    serving: { maxBatch: number; maxWait: number }
    /** Honest hardware: each host draws one profile by share. */
    hardware: { profile: HardwareProfile; share: number }[]
    /** Failure and recovery of each host; null: hosts never fail. */
    uptime: HostUptime | null
    /** Entry and exit by trailing profit; null: the `count` hosts stay for the whole run. */
    entry: HostEntry | null
  }
  verifiers: {
    count: number
    speed: number
    shares: { diligent: number; lazy: number; colluding: number; rational: number }
    /** Probability that a lazy verifier approves without checking. */
    skipProbability: number
    /**
     * Rational verifiers: the learning rule by which each chooses, result by result, whether to
     * re-execute it, from its own realized payoffs (sim/strategy).
     */
    learning: LearnerRule
    /**
     * The coalition by behaviour: colluding verifiers (shares.colluding of them) never challenge a
     * host whose behaviour is in `hosts`; each bad result they let through costs its host `bribe`
     * tokens and pays the verifier as much.
     */
    coalition: { hosts: HostBehaviour[]; bribe: number }
    hardware: HardwareProfile
    /** Windows [start, end) of virtual seconds in which no verifier checks anything (a verification outage). */
    outages: { start: number; end: number }[]
  }
  requesters: {
    count: number
    jobRate: number
    /** Tokens per job: every requester's, or the mean of `feeDraw`. */
    fee: number
    /** Each requester's own fee (its jobs' value); null: every requester pays `fee`. */
    feeDraw: FeeDraw | null
    /** When on, each job goes to the network or the centralized baseline, whichever costs less. */
    choice: boolean
    /** Tokens a requester loses per second of waiting for finality. */
    latencyValue: number
    /** Tokens a requester loses when it accepts a bad result. */
    fraudLoss: number
    /** First deposit: fee × ceil(expected replicas × margin + extraJobs); top-ups: see commitResults. */
    escrow: { margin: number; extraJobs: number; topUp: number }
  }
  protocol: {
    mode: ModeName
    /** Sampling: probability that a result is re-executed. */
    p: number
    /** Replication: hosts per job. */
    k: number
    /** Optimistic: probability that a diligent watcher checks a result. */
    watchProbability: number
    minStake: number
    slashRule: SlashRule
    /** The fraction rule's share of the host's stake. */
    slashFraction: number
    /** The fixed rule's tokens per fault. */
    slashAmount: number
    /** The valueScaled rule's multiple of (fee ÷ check probability). */
    slashScale: number
    /**
     * Sampling: a job whose fee is at least this is always re-executed, a cheaper one with
     * probability p. null: every job with probability p.
     */
    alwaysCheckAbove: number | null
    challengerShare: number
    challengeWindow: number
    unbondingDelay: number
    challengeBond: number
    moveTimeout: number
    /** Seconds the referee has per case; after it the case is void (expired or voided). */
    refereeTimeout: number
    bondToWinner: number
    /** Forced errors (jackpots): planted bad results a checker is paid for catching. */
    forcedErrors: { rate: number; jackpot: number }
    tee: TeeAttestation
    zk: ZkAttestation
    /** Decoder models: convict by a sequential test instead of one failed check; null: off. */
    detection: DetectionSpec | null
    /**
     * Exact re-execution (deterministic kernels): hosts' and checkers' compute costs
     * `overheadFactor` times as much (modeled), and results of the same hardware class
     * (sim/hardwareKey) are compared on raw bits, across classes within `tolerance`. Absent: off,
     * and kept optional so a spec without it, and every output that prints a spec, stays as it was.
     */
    exact?: ExactReExecution
  }
  /** Where costPerFlop and speeds came from: the scenario, or a calibration file of this machine. */
  calibration: 'scenario' | { file: string; family: string; secondsPerFlop: number }
  economics: {
    costPerFlop: number
    gasPrice: number
    centralizedPrice: number
    /** Seconds a centralized provider takes to answer. */
    centralizedLatency: number
    /**
     * Decoder models: generations and prefill checks are priced by sim/cost's roofline on this
     * machine profile (seconds and USD), instead of FLOPs × costPerFlop. When `decoder` is a
     * modeled size (one of LLAMA_LIKE_DECODERS), timings are that model's, and every figure derived from
     * them is marked modeled in the outputs; the protocol still runs on the real small decoder.
     */
    generationCost: { hardware: HardwareCostProfile; decoder: NamedDecoder | null } | null
    emissions: EmissionSchedule
  }
  /**
   * The demand market; null: the fixed `requesters` population with its one global choice rule.
   * With a market, `requesters.count` and `jobRate` are unused and `duration` is the horizon.
   */
  demand: DemandSpec | null
  /**
   * Many models and where they live (issue 18); absent: one model (`model`), held by every host
   * for free, so a spec without a catalog prints as it always did.
   */
  catalog?: CatalogSpec
  /**
   * How results settle (scenario `settlement`); absent: async and batched, as before, and kept
   * optional so a spec without it, and every output that prints a spec, stays as it was.
   */
  settlement?: SettlementSpec
}

/**
 * When inference runs against block production, and how results are committed:
 * - async: hosts infer off chain and commit roots; a block waits for nothing;
 * - inline: a block waits for every inference it commits, one after another (latency = sum);
 * - preExecuted (OpenGradient's PIPE): they ran before the block, in parallel (latency = max).
 * `perRequest` commits each result in a root of its own, as soon as it is done.
 */
export type SettlementSpec = {
  execution: 'async' | 'inline' | 'preExecuted'
  commit: 'batched' | 'perRequest'
}

/** How an auto tolerance was chosen: used = max(measured spread, floor) × margin. */
export type ToleranceAuto = {
  margin: number
  measured?: {
    /**
     * Largest honest gap over the hosts' hardware profiles against the verifiers': maxRel for a
     * forward model, the generation check's maxValueDistance (last block and every checkpoint
     * block) for a decoder. With batched serving (hosts.serving.maxBatch > 1) a forward model's
     * adds the largest gap of a full batch's outputs from the same jobs run alone.
     */
    spread: number
    /** Every profile was bit-identical (spread 0), so the floor stood in for the spread. */
    floored: boolean
    /**
     * A decoder's: the figure set the generation tolerance's maxValueDistance (`tolerance` holds
     * the same figure, which a decoder's checks never read), and the honest run's other two
     * statistics, measured beside it and left at their defaults.
     */
    generation?: { minOverlap: number; maxTokenGap: number }
  }
}
