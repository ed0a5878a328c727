import { BaseError } from '../../errors/index.ts'
import type { RunContext } from '../createRunContext.ts'
import { bernoulli } from '../rngStreams.ts'
import { type Batch, isBad } from '../runState.ts'
import { createDisputes } from './createDisputes.ts'
import type { ModeHandler } from './types.ts'

/**
 * TEE attestation or zk proofs, modeled rather than executed: hosts pay `overheadFactor` × their
 * compute, each batch's attestation or proof is checked on chain for `gas` real gas after
 * `latency` seconds, and a bad result passes only when the trust assumption fails
 * (`failureRate`); otherwise the failed check is disputed and the referee confirms the slash.
 */
export function createAttestedMode(ctx: RunContext, which: 'tee' | 'zk'): ModeHandler {
  const params = ctx.spec.protocol[which]
  const disputes = createDisputes(ctx)
  const due: { batch: Batch; at: number }[] = []
  const seen = new Set<number>()
  return {
    replicas: 1,
    commitLayers: false,
    compareOutputs: false,
    computeFactor: params.overheadFactor,
    onCommitted(replica, now) {
      const batch = replica.batch as Batch
      if (!seen.has(batch.id)) {
        seen.add(batch.id)
        due.push({ batch, at: now + params.latency })
      }
      if (isBad(replica) && !bernoulli(ctx.rng.stream('protocol', `${which}-failure`), params.failureRate)) {
        // The attestation or proof of a bad result does not verify: the protocol disputes it.
        disputes.raise(0, replica, now)
      }
    },
    beforeMine(now) {
      disputes.beforeMine(now)
      for (let i = 0; i < due.length; ) {
        const item = due[i] as { batch: Batch; at: number }
        if (item.at > now) {
          i++
          continue
        }
        due.splice(i, 1)
        const { batch } = item
        ctx.submit({ kind: 'attest', host: batch.host, batchId: batch.id, gas: params.gas }, (receipt) => {
          if (!receipt.ok)
            throw new BaseError(`the chain rejected an attestation at t=${now}s: ${receipt.error}`)
          ctx.tallies.verificationGas += receipt.gasUsed
          batch.attested = true
        })
      }
    },
    busy: () => due.length > 0 || disputes.busy(),
    ready: (batch) => batch.attested,
  }
}
