import type { NamedDecoder } from './cost/llamaLikeDecoders.ts'
import type { HardwareCostProfile } from './cost/types.ts'
import type { CheatVariant, HardwareProfile, ModelSpec } from './ports.ts'

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
  /** Distinct inference results kept for identical requests (see createInferenceCache); 0: none. */
  inferenceCache: number
  hosts: {
    count: number
    stake: number
    speed: number
    shares: { honest: number; lazy: number; adaptive: number }
    /** The cheat a lazy or adaptive host runs instead of the honest model. */
    variant: CheatVariant
    cheatRate: number
    /** Probability that a cheating host stops answering a bisection game it is sure to lose. */
    abandonRate: number
    /** Each block: + step if the host served jobs and was not caught, − step × detectionCut per detection. */
    adaptive: { initialRate: number; step: number; detectionCut: number }
    /** Results per commitment a host waits for, unless its oldest result has waited maxBatchDelay s. */
    batchSize: number
    maxBatchDelay: number
    /** Honest hardware: each host draws one profile by share. */
    hardware: { profile: HardwareProfile; share: number }[]
  }
  verifiers: {
    count: number
    speed: number
    shares: { diligent: number; lazy: number; colluding: number; rational: number }
    /** Probability that a lazy verifier approves without checking. */
    skipProbability: number
    /** Rational verifiers' initial estimate of the share of bad results. */
    fraudPrior: number
    /** Each own check moves the estimate by learningRate toward 0 or 1; each slash seen raises it by slashSignal. */
    rational: { learningRate: number; slashSignal: number }
    /** Hosts (by index) whose results colluding verifiers never challenge. */
    coalition: number[]
    hardware: HardwareProfile
  }
  requesters: {
    count: number
    jobRate: number
    fee: number
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
    slashFraction: number
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
    tee: ModeledAttestation
    zk: ModeledAttestation
    /** Decoder models: convict by a sequential test instead of one failed check; null: off. */
    detection: DetectionSpec | null
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
  }
}
