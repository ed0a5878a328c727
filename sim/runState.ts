import { BaseError } from '../errors/index.ts'
import type { Amount, GenerationOrder, HardwareProfile, Hex, InferenceResult, VariantName } from './ports.ts'

export type HostBehaviour = 'honest' | 'lazy' | 'adaptive' | 'rational'
export type VerifierBehaviour = 'diligent' | 'lazy' | 'colluding' | 'rational'

export type Job = {
  id: number
  requester: number
  fee: Amount
  requestedAt: number
  /**
   * The network configuration it was requested under: 0 the scenario's protocol, i > 0
   * demand.offers[i − 1]. Its mode handler checks it and its fee pays it.
   */
  offer: number
  /** Real requests this simulated one stands for (DemandSpec.weight; 1 without a market). */
  weight: number
  inputSeed: number
  /** Index of its model in RunContext.models (the catalog's order); 0 without a catalog. */
  model: number
  /** Decoder models: the generation every replica of the job runs and every check re-checks. */
  generation?: GenerationOrder
  replicas: Replica[]
  /** Set once the job's accepted result is final. */
  finalizedAt?: number
  /**
   * Demand-market jobs: moveReplica calls it after each replica settles or drops, so the
   * lifecycle learns the job's end in the one place every replica moves.
   */
  ended?: () => void
}

/** One host's run of one job: what it ran, and where it is in its life (`stage`). */
export type Replica = {
  job: Job
  host: number
  variant: VariantName
  hardware: HardwareProfile
  result: Promise<InferenceResult>
  /** Moved on only by moveReplica, which refuses any step the diagram in createJobLifecycle.ts lacks. */
  stage: ReplicaStage
  /**
   * The serving batch the host ran this replica in (hosts.serving), for checkers to re-create
   * the claimed run in it (RunRef.batch); set when the batch starts, absent for a lone run.
   */
  batch?: { inputSeeds: number[]; index: number }
  /** Tokens the host paid colluding verifiers to let this bad result through (verifiers.coalition.bribe). */
  bribe?: number
}

/** Where a committed result sits on chain, and what the host committed. */
export type Placement = { batch: Batch; leafIndex: number; output: InferenceResult }

/** What became of a settled result: it reached finality, its host was slashed, or its fee went back. */
export type Outcome = 'final' | 'slashed' | 'refunded'

export type ReplicaStage =
  /** Requested; the host is computing it or holds it for its next commitment. */
  | { state: 'running' }
  /** Never committed: its host fell below the minimum stake first. */
  | { state: 'dropped' }
  /** On chain, not yet settled; `contested` while a dispute, game or vote on it is under way. */
  | ({ state: 'committed'; contested: boolean } & Placement)
  | ({ state: 'settled'; outcome: Outcome } & Placement)

export type ReplicaState = ReplicaStage['state']

export type Batch = {
  id: number
  host: number
  replicas: Replica[]
  committedAt: number
  /** Disputes or games still open: the batch cannot finalize. */
  open: number
  attested: boolean
  /**
   * settlement inline or preExecuted: seconds the block that committed the batch waited for the
   * inferences it commits, which every job in it adds to its finality latency; absent: async.
   */
  blockLatency?: number
}

/**
 * Where a host is in its life. `reserve`: an account that may enter later (hosts.entry); `down`:
 * failed until `until` (hosts.uptime); `exited`: asked to unstake and takes no new jobs.
 */
export type HostStatus =
  | { state: 'active' }
  | { state: 'down'; until: number }
  | { state: 'reserve' }
  | { state: 'exited'; at: number }

export type HostState = {
  status: HostStatus
  behaviour: HostBehaviour
  hardware: HardwareProfile
  stake: number
  stakeUnits: Amount
  busyUntil: number
  /** Results finished but not yet committed, each with the virtual time its inference ended. */
  done: { replica: Replica; doneAt: number }[]
  cheatRate: number
  computeCost: number
  revenue: Amount
  /** Tokens credited by emissions. */
  emitted: Amount
  slashed: Amount
  /** Tokens paid to colluding verifiers for shielding its bad results. */
  bribes: number
  /** Tokens earned off chain for bad results that became final (hosts.cheatGain × fee). */
  cheatGains: number
  /** Adaptive hosts: jobs served and detections since the last adjustment. */
  recentJobs: number
  recentDetections: number
  /** With a catalog: the model of its previous job (a TEE pays a swap when it changes). */
  lastModel?: number
}

export type VerifierState = {
  behaviour: VerifierBehaviour
  busyUntil: number
  computeCost: number
  /** Forced-error jackpots and coalition bribes received, in tokens. */
  rewards: number
}

export const isBad = (replica: Replica) => replica.variant !== 'honest'

/** Whether `replica` reached finality unchallenged. */
export const isFinal = (replica: Replica) =>
  replica.stage.state === 'settled' && replica.stage.outcome === 'final'

/** A dispute, game or vote on `replica` ended without settling it; a settled one stays settled. */
export function uncontest(replica: Replica): void {
  if (replica.stage.state === 'committed') replica.stage.contested = false
}

/** The placement of a replica that is or was committed; asking it of any other is a bug. */
export function placementOf(replica: Replica): Placement {
  const { stage } = replica
  if (stage.state !== 'committed' && stage.state !== 'settled')
    throw new BaseError(
      `replica of job ${replica.job.id} on host ${replica.host} is ${stage.state}, not committed`,
    )
  return stage
}

/** A digest that differs from `digest`: a checker's claim that the committed result is wrong. */
export function otherDigest(digest: Hex): Hex {
  const last = Number.parseInt(digest.slice(-1), 16)
  return `${digest.slice(0, -1)}${((last + 1) % 16).toString(16)}` as Hex
}
