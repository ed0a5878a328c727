import type { Amount, HardwareProfile, Hex, InferenceResult, VariantName } from './ports.ts'

export type HostBehaviour = 'honest' | 'lazy' | 'adaptive'
export type VerifierBehaviour = 'diligent' | 'lazy' | 'colluding' | 'rational'

export type Job = {
  id: number
  requester: number
  fee: Amount
  requestedAt: number
  inputSeed: number
  replicas: Replica[]
  /** Set once the job's accepted result is final. */
  finalizedAt?: number
}

/** One host's run of one job: what it committed and what became of it. */
export type Replica = {
  job: Job
  host: number
  variant: VariantName
  hardware: HardwareProfile
  result: Promise<InferenceResult>
  /** Virtual time the host finished it. */
  doneAt?: number
  /** Known once the replica is committed. */
  output?: InferenceResult
  batch?: Batch
  leafIndex?: number
  state: 'running' | 'committed' | 'final' | 'slashed' | 'refunded' | 'dropped'
  /** A dispute, game or vote on this replica is under way. */
  contested: boolean
}

export type Batch = {
  id: number
  host: number
  replicas: Replica[]
  committedAt: number
  /** Disputes or games still open: the batch cannot finalize. */
  open: number
  attested: boolean
}

export type HostState = {
  behaviour: HostBehaviour
  hardware: HardwareProfile
  stake: number
  stakeUnits: Amount
  busyUntil: number
  done: Replica[]
  cheatRate: number
  computeCost: number
  revenue: Amount
  slashed: Amount
  /** Adaptive hosts: jobs served and detections since the last adjustment. */
  recentJobs: number
  recentDetections: number
}

export type VerifierState = {
  behaviour: VerifierBehaviour
  busyUntil: number
  computeCost: number
  rewards: number
  /** Rational verifiers: their estimate of how often a result is bad. */
  fraudBelief: number
}

export const isBad = (replica: Replica) => replica.variant !== 'honest'

/** A digest that differs from `digest`: a checker's claim that the committed result is wrong. */
export function otherDigest(digest: Hex): Hex {
  const last = Number.parseInt(digest.slice(-1), 16)
  return `${digest.slice(0, -1)}${((last + 1) % 16).toString(16)}` as Hex
}
