import { BaseError } from '../errors/index.ts'
import type { Replica, ReplicaStage, ReplicaState } from './runState.ts'

// The only steps a replica takes (the diagram in createJobLifecycle.ts): anything else means the
// run counted one result twice or lost one, so it stops rather than report wrong figures.
const NEXT: Record<ReplicaState, readonly ReplicaState[]> = {
  running: ['committed', 'dropped'],
  committed: ['settled'],
  settled: [],
  dropped: [],
}

/** Move `replica` to its next stage; a step the lifecycle does not have is an internal error. */
export function moveReplica(replica: Replica, next: ReplicaStage): void {
  const from = replica.stage.state
  if (!NEXT[from].includes(next.state)) {
    const to = next.state === 'settled' ? `settled (${next.outcome})` : next.state
    throw new BaseError(
      `replica of job ${replica.job.id} on host ${replica.host} cannot go from ${from} to ${to}`,
    )
  }
  replica.stage = next
  if (next.state === 'settled' || next.state === 'dropped') replica.job.ended?.()
}
