import { BaseError } from '../../errors/index.ts'
import type { ModeContext } from '../createRunContext.ts'
import { findEvent } from '../findEvent.ts'
import { hardwareKey } from '../hardwareKey.ts'
import { type Job, type Placement, placementOf, type Replica, uncontest } from '../runState.ts'
import { majorityOf } from './majorityOf.ts'
import { replicasAgree } from './replicasAgree.ts'
import type { ModeHandler } from './types.ts'

/**
 * Replication: k hosts run every job; once all k results are committed the referee settles the
 * job on chain. The largest group of results that agree within tolerance wins if it is a strict
 * majority and the others are slashed; ties and all-disagree outcomes slash nobody and refund
 * every result's fee.
 */
export function createReplicationMode(ctx: ModeContext): ModeHandler {
  const { spec } = ctx
  const ready: Job[] = []
  const settling = new Set<number>()
  const queued = new Set<number>()
  return {
    replicas: spec.protocol.k,
    commitLayers: false,
    compareOutputs: true,
    computeFactor: 1,
    onCommitted(replica) {
      const job = replica.job
      // Replicas committed in the same block each report here; the job is queued once.
      if (queued.has(job.id) || !job.replicas.every((r) => r.stage.state === 'committed')) return
      queued.add(job.id)
      ready.push(job)
    },
    beforeMine(now) {
      for (const job of ready.splice(0)) {
        queued.delete(job.id)
        const replicas = job.replicas
        const placed = replicas.map(placementOf)
        const deadline = Math.min(...placed.map((p) => p.batch.committedAt + spec.protocol.challengeWindow))
        if (now >= deadline) {
          ctx.record.missed(job.id, -1, now, 'challenge window closed')
          continue
        }
        // Deterministic kernels (protocol.exact): replicas of one hardware class agree bit for bit.
        const classes = replicas.map((r) => (spec.protocol.exact ? hardwareKey(r.hardware) : ''))
        const inMajority = majorityOf(
          placed.map((p, i) => ({ output: p.output.output, hardware: classes[i] })),
          (a, b) =>
            replicasAgree(
              a.output,
              b.output,
              spec.tolerance,
              ctx.generationOf(job.model) != null,
              spec.protocol.exact != null && a.hardware === b.hardware,
            ),
        )
        for (const r of replicas) if (r.stage.state === 'committed') r.stage.contested = true
        for (const p of placed) p.batch.open++
        settling.add(job.id)
        const entries = placed.map((p) => ({ batchId: p.batch.id, leafIndex: p.leafIndex }))
        ctx.submit(
          { kind: 'settleReplication', jobId: job.id, entries, inMajority },
          `settling job ${job.id} at t=${now}s`,
          (receipt) => {
            settling.delete(job.id)
            ctx.record.dispute()
            const settled = findEvent(receipt, 'ReplicationSettled')
            if (!settled) throw new BaseError(`settling job ${job.id} emitted no verdict`)
            for (const event of receipt.events) {
              if (event.kind !== 'Slashed') continue
              const replica = replicas.find((r) => r.host === event.host) as Replica
              ctx.record.slash(event, replica, now)
            }
            for (const [i, r] of replicas.entries()) {
              ;(placed[i] as Placement).batch.open--
              uncontest(r)
              if (!settled.consensus && r.stage.state === 'committed') ctx.record.refund(r)
            }
            ctx.trace({
              t: now,
              type: 'vote',
              job: job.id,
              consensus: settled.consensus,
              slashed: settled.slashed.length,
            })
          },
          { verification: true },
        )
      }
    },
    busy: () => ready.length > 0 || settling.size > 0,
    ready: () => true,
  }
}
