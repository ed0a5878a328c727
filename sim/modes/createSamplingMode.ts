import { checkProbabilityOf } from '../checkProbabilityOf.ts'
import type { ModeContext } from '../createRunContext.ts'
import { fromUnits } from '../units.ts'
import { createDisputes } from './createDisputes.ts'
import { createHostTests } from './createHostTests.ts'
import { afterCheck, decideCheck } from './decideCheck.ts'
import { inOutage } from './inOutage.ts'
import type { ModeHandler } from './types.ts'

/**
 * Proof-of-Sampling: each result is re-executed by its verifier with probability p (always when
 * its fee is at least protocol.alwaysCheckAbove). With
 * protocol.detection (decoder models), a failed chunk no longer opens a dispute by itself: every
 * check's chunks feed the host's sequential test, and a conviction opens a dispute on the job
 * just checked.
 */
export function createSamplingMode(ctx: ModeContext): ModeHandler {
  const disputes = createDisputes(ctx)
  const tests = createHostTests(ctx)
  let checking = 0
  return {
    replicas: 1,
    commitLayers: false,
    compareOutputs: false,
    computeFactor: 1,
    onCommitted(replica, now) {
      // Round-robin assignment spreads the checking load evenly over verifiers.
      const v = replica.job.id % ctx.spec.verifiers.count
      // Decided first, so an outage leaves every verifier's draws where they would be without it.
      // p, or 1 for a job worth at least alwaysCheckAbove: its fee as the chain compares it.
      const probability = checkProbabilityOf(ctx.spec.protocol, fromUnits(replica.job.fee))
      if (!decideCheck(ctx, v, probability) || inOutage(ctx.spec, now)) return
      checking++
      ctx.check(v, replica, now, (result, at) => {
        checking--
        // A result is wrong when any checkpoint is out of tolerance, not only the last one.
        const agree = result.agree.every(Boolean)
        ctx.trace({ t: at, type: 'check', job: replica.job.id, verifier: v, match: agree })
        const generation = ctx.generationOf(replica.job.model)
        const detecting = generation?.detection != null
        const verdict = generation ? tests.observe(replica, result, at, detecting) : null
        if (!detecting) {
          const shielded = afterCheck(ctx, v, replica, !agree)
          if (!agree && !shielded) disputes.raise(v, replica, at)
          return
        }
        const convicted = verdict === 'convict'
        const shielded = afterCheck(ctx, v, replica, convicted)
        // The referee recomputes the same statistics from the host's committed chunk digests (one
        // prefill of this job, plus the digests of the jobs the test saw), so its digest differs
        // from the claim exactly when the test convicted: its ruling follows the test.
        if (convicted && !shielded) disputes.raise(v, replica, at, false)
      })
    },
    beforeMine: (now) => disputes.beforeMine(now),
    busy: () => checking > 0 || disputes.busy(),
    ready: () => true,
  }
}
