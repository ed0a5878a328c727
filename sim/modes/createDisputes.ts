import { BaseError } from '../../errors/index.ts'
import type { RunContext } from '../createRunContext.ts'
import type { CallReceipt, Hex } from '../ports.ts'
import type { Replica } from '../runState.ts'
import { otherDigest } from '../runState.ts'

export type Disputes = {
  /** `verifier` claims `replica` is wrong; the challenge goes into the next block before the deadline. */
  raise(verifier: number, replica: Replica, now: number): void
  beforeMine(now: number): void
  busy(): boolean
}

/**
 * The one-shot dispute of sampling (and of modeled attestations): a bonded challenge with the
 * result's Merkle proof, a referee who re-executes the job, and a resolution that slashes iff the
 * referee's result differs from the commitment. A referee that would rule past its deadline lets
 * the dispute expire instead (no verdict, the bond goes back).
 */
export function createDisputes(ctx: RunContext): Disputes {
  const challenges: { verifier: number; replica: Replica }[] = []
  const resolves: { disputeId: number; replica: Replica; digest: Hex; openedAt: number }[] = []
  let refereeRuns = 0

  const expectOk = (receipt: CallReceipt, now: number) => {
    if (!receipt.ok)
      throw new BaseError(`the chain rejected a ${receipt.call.kind} at t=${now}s: ${receipt.error}`)
    ctx.tallies.verificationGas += receipt.gasUsed
  }

  return {
    raise(verifier, replica, now) {
      if (replica.state === 'final') ctx.missChallenge(replica.job.id, verifier, now, 'result already final')
      if (replica.contested || replica.state !== 'committed') return
      replica.contested = true
      challenges.push({ verifier, replica })
    },
    beforeMine(now) {
      for (const { verifier, replica } of challenges.splice(0)) {
        const batch = replica.batch
        if (!batch || replica.leafIndex === undefined)
          throw new BaseError('challenge of an uncommitted result')
        if (now >= batch.committedAt + ctx.spec.protocol.challengeWindow) {
          // The checker finished after the window closed: the fault can no longer be proven.
          replica.contested = false
          ctx.missChallenge(replica.job.id, verifier, now, 'challenge window closed')
          continue
        }
        batch.open++
        const digest = (replica.output as { resultDigest: Hex }).resultDigest
        ctx.submit(
          {
            kind: 'challenge',
            verifier,
            batchId: batch.id,
            leafIndex: replica.leafIndex,
            claimedDigest: otherDigest(digest),
          },
          (receipt) => {
            expectOk(receipt, now)
            const opened = receipt.events.find((e) => e.kind === 'DisputeOpened')
            if (opened?.kind !== 'DisputeOpened')
              throw new BaseError(`challenge of job ${replica.job.id} opened no dispute`)
            ctx.counts.disputes++
            ctx.trace({ t: now, type: 'challenge', dispute: opened.disputeId, job: replica.job.id, verifier })
            refereeRuns++
            ctx.refereeCompare(replica, now, (agree) => {
              refereeRuns--
              // The referee's digest is the host's own when it agrees within tolerance.
              resolves.push({
                disputeId: opened.disputeId,
                replica,
                digest: agree ? digest : otherDigest(digest),
                openedAt: now,
              })
            })
          },
        )
      }
      for (const { disputeId, replica, digest, openedAt } of resolves.splice(0)) {
        if (now >= openedAt + ctx.spec.protocol.refereeTimeout) {
          ctx.submit({ kind: 'expireDispute', disputeId }, (receipt) => {
            expectOk(receipt, now)
            ;(replica.batch as { open: number }).open--
            replica.contested = false
            ctx.counts.expired_cases++
            ctx.trace({ t: now, type: 'expired', case: 'dispute', id: disputeId, job: replica.job.id })
          })
          continue
        }
        ctx.submit({ kind: 'resolve', disputeId, refereeDigest: digest }, (receipt) => {
          expectOk(receipt, now)
          ;(replica.batch as { open: number }).open--
          const slash = receipt.events.find((e) => e.kind === 'Slashed')
          if (slash?.kind === 'Slashed') ctx.applySlash(slash, replica, now)
          else {
            replica.contested = false
            ctx.trace({ t: now, type: 'rejected', dispute: disputeId, job: replica.job.id })
          }
        })
      }
    },
    busy: () => challenges.length > 0 || resolves.length > 0 || refereeRuns > 0,
  }
}
