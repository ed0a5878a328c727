import type { ModeContext } from '../createRunContext.ts'
import { createDisputes } from './createDisputes.ts'
import { afterCheck, decideCheck, shields } from './decideCheck.ts'
import type { ModeHandler } from './types.ts'

/** Proof-of-Sampling: each result is re-executed by its verifier with probability p. */
export function createSamplingMode(ctx: ModeContext): ModeHandler {
  const disputes = createDisputes(ctx)
  let checking = 0
  return {
    replicas: 1,
    commitLayers: false,
    compareOutputs: false,
    computeFactor: 1,
    onCommitted(replica, now) {
      // Round-robin assignment spreads the checking load evenly over verifiers.
      const v = replica.job.id % ctx.spec.verifiers.count
      if (!decideCheck(ctx, v, replica, ctx.spec.protocol.p)) return
      checking++
      ctx.check(v, replica, now, (result, at) => {
        checking--
        // A result is wrong when any checkpoint is out of tolerance, not only the last one.
        const agree = result.agree.every(Boolean)
        ctx.trace({ t: at, type: 'check', job: replica.job.id, verifier: v, match: agree })
        afterCheck(ctx, v, !agree)
        if (!agree && !shields(ctx, v, replica.host)) disputes.raise(v, replica, at)
      })
    },
    beforeMine: (now) => disputes.beforeMine(now),
    busy: () => checking > 0 || disputes.busy(),
    ready: () => true,
  }
}
