import { BaseError } from '../../errors/index.ts'
import type { ModeContext } from '../createRunContext.ts'
import { findEvent } from '../findEvent.ts'
import type { Hex } from '../ports.ts'
import type { Batch, Replica } from '../runState.ts'
import { otherDigest, uncontest } from '../runState.ts'
import { createChallengeQueue } from './createChallengeQueue.ts'

export type Disputes = {
  /**
   * `verifier` claims `replica` is wrong; the challenge goes into the next block before the
   * deadline. `ruling`, when given, is what the referee will find (agree: the host was right)
   * instead of the referee's own compare: see createSamplingMode's sequential test.
   */
  raise(verifier: number, replica: Replica, now: number, ruling?: boolean): void
  beforeMine(now: number): void
  busy(): boolean
}

/**
 * The one-shot dispute of sampling (and of modeled attestations): a bonded challenge with the
 * result's Merkle proof, a referee who re-executes the job, and a resolution that slashes iff the
 * referee's result differs from the commitment. A referee that would rule past its deadline lets
 * the dispute expire instead (no verdict, the bond goes back).
 */
export function createDisputes(ctx: ModeContext): Disputes {
  const challenges = createChallengeQueue<boolean | null>(ctx)
  const resolves: { disputeId: number; replica: Replica; batch: Batch; digest: Hex; openedAt: number }[] = []
  let refereeRuns = 0
  const verification = { verification: true }

  return {
    raise(verifier, replica, now, ruling) {
      challenges.raise(verifier, replica, now, ruling ?? null)
    },
    beforeMine(now) {
      for (const { verifier, replica, batch, leafIndex, output, data: ruling } of challenges.take(now)) {
        batch.open++
        const digest = output.resultDigest
        const call = {
          kind: 'challenge',
          verifier,
          batchId: batch.id,
          leafIndex,
          claimedDigest: otherDigest(digest),
        } as const
        ctx.submit(
          call,
          `a ${call.kind} at t=${now}s`,
          (receipt) => {
            const opened = findEvent(receipt, 'DisputeOpened')
            if (!opened) throw new BaseError(`challenge of job ${replica.job.id} opened no dispute`)
            ctx.record.dispute()
            ctx.trace({ t: now, type: 'challenge', dispute: opened.disputeId, job: replica.job.id, verifier })
            refereeRuns++
            ctx.refereeCompare(replica, now, (compared) => {
              refereeRuns--
              const agree = ruling ?? compared
              // The referee's digest is the host's own when it agrees within tolerance.
              resolves.push({
                disputeId: opened.disputeId,
                replica,
                batch,
                digest: agree ? digest : otherDigest(digest),
                openedAt: now,
              })
            })
          },
          verification,
        )
      }
      for (const { disputeId, replica, batch, digest, openedAt } of resolves.splice(0)) {
        if (now >= openedAt + ctx.spec.protocol.refereeTimeout) {
          ctx.submit(
            { kind: 'expireDispute', disputeId },
            `a expireDispute at t=${now}s`,
            () => {
              batch.open--
              uncontest(replica)
              ctx.record.expired(now, 'dispute', disputeId, replica.job.id)
            },
            verification,
          )
          continue
        }
        ctx.submit(
          { kind: 'resolve', disputeId, refereeDigest: digest },
          `a resolve at t=${now}s`,
          (receipt) => {
            batch.open--
            const slash = findEvent(receipt, 'Slashed')
            if (slash) ctx.record.slash(slash, replica, now)
            else {
              uncontest(replica)
              ctx.trace({ t: now, type: 'rejected', dispute: disputeId, job: replica.job.id })
            }
          },
          verification,
        )
      }
    },
    busy: () => challenges.size() > 0 || resolves.length > 0 || refereeRuns > 0,
  }
}
