import type { Batch, Replica } from '../runState.ts'

/**
 * A verification protocol as the run loop sees it. The loop owns requests, inference,
 * commitments and payouts; a mode decides who checks what, and drives its own disputes.
 */
/** One request as a modeled mode prices it: native host seconds, model parameters, tokens (1 if not generating). */
export type ModeledRequest = { nativeSeconds: number; parameters: number; tokens: number }

export type ModeHandler = {
  /** Hosts that run each job (k for replication, 1 otherwise). */
  replicas: number
  /** Whether commitments carry per-checkpoint digests (needed for bisection). */
  commitLayers: boolean
  /** Whether the mode compares replicas' output values off chain (replication), not digests only. */
  compareOutputs: boolean
  /** Host compute multiplier (modeled TEE or zk proving overhead); 1 when executed for real. */
  computeFactor: number
  /**
   * A modeled mode whose overhead depends on the request (zk proving as a power law of the
   * model's parameters): the multiple of this request's native compute the host pays, in place of
   * computeFactor. Absent: computeFactor.
   */
  requestFactor?(request: ModeledRequest): number
  /** Host seconds each request adds on top of its compute (a modeled TEE's fixed cost); absent: 0. */
  fixedSeconds?: number
  /** Tokens each request costs its host on top of its compute; absent: 0. */
  fixedCost?: number
  /** Whether `host`'s enclave is compromised at `now`: its results are wrong whatever it chose. */
  compromised?(host: number, now: number): boolean
  /** After a replica's commitment is mined. */
  onCommitted(replica: Replica, now: number): void
  /** Submit this mode's calls for the block at `now`; runs before the block's finalizations. */
  beforeMine(now: number): void
  /** Work still in flight (checks, disputes, games): the run must not end yet. */
  busy(): boolean
  /** Extra condition for finalizing a batch, beyond the deadline and no open disputes. */
  ready(batch: Batch): boolean
}
