import { BaseError } from '../../errors/index.ts'
import type { RunContext } from '../createRunContext.ts'
import { outputsAgree } from '../outputsAgree.ts'
import type { Job, Replica } from '../runState.ts'
import { majorityOf } from './majorityOf.ts'
import type { ModeHandler } from './types.ts'

/**
 * Replication: k hosts run every job; once all k results are committed the referee settles the
 * job on chain. The largest group of results that agree within tolerance wins if it is a strict
 * majority and the others are slashed; ties and all-disagree outcomes slash nobody and refund
 * every result's fee.
 */
export function createReplicationMode(ctx: RunContext): ModeHandler {
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
      if (queued.has(job.id) || !job.replicas.every((r) => r.state === 'committed' && r.output)) return
      queued.add(job.id)
      ready.push(job)
    },
    beforeMine(now) {
      for (const job of ready.splice(0)) {
        queued.delete(job.id)
        const replicas = job.replicas
        const deadline = Math.min(
          ...replicas.map((r) => (r.batch?.committedAt ?? now) + spec.protocol.challengeWindow),
        )
        if (now >= deadline) {
          ctx.missChallenge(job.id, -1, now, 'challenge window closed')
          continue
        }
        const outputs = replicas.map((r) => (r.output as { output: Float32Array }).output)
        const inMajority = majorityOf(outputs, (a, b) => outputsAgree(a, b, spec.tolerance))
        for (const r of replicas) {
          r.contested = true
          ;(r.batch as { open: number }).open++
        }
        settling.add(job.id)
        const entries = replicas.map((r) => ({
          batchId: (r.batch as { id: number }).id,
          leafIndex: r.leafIndex as number,
        }))
        ctx.submit({ kind: 'settleReplication', jobId: job.id, entries, inMajority }, (receipt) => {
          if (!receipt.ok)
            throw new BaseError(`the chain rejected settling job ${job.id} at t=${now}s: ${receipt.error}`)
          ctx.tallies.verificationGas += receipt.gasUsed
          settling.delete(job.id)
          ctx.counts.disputes++
          const settled = receipt.events.find((e) => e.kind === 'ReplicationSettled')
          if (settled?.kind !== 'ReplicationSettled')
            throw new BaseError(`settling job ${job.id} emitted no verdict`)
          for (const event of receipt.events) {
            if (event.kind !== 'Slashed') continue
            const replica = replicas.find((r) => r.host === event.host) as Replica
            ctx.applySlash(event, replica, now)
          }
          for (const r of replicas) {
            ;(r.batch as { open: number }).open--
            r.contested = false
            if (!settled.consensus && r.state === 'committed') ctx.applyRefund(r)
          }
          ctx.trace({
            t: now,
            type: 'vote',
            job: job.id,
            consensus: settled.consensus,
            slashed: settled.slashed.length,
          })
        })
      }
    },
    busy: () => ready.length > 0 || settling.size > 0,
    ready: () => true,
  }
}
