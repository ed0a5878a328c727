import type { ModeContext } from '../createRunContext.ts'
import { bernoulli, exponential } from '../rngStreams.ts'
import { type Batch, isBad, placementOf, type Replica } from '../runState.ts'
import { attestationSeconds } from './attestationSeconds.ts'
import { createDisputes } from './createDisputes.ts'
import type { ModeHandler, ModeledRequest } from './types.ts'

/**
 * TEE attestation or zk proofs, modeled rather than executed: hosts pay `overheadFactor` × their
 * compute, each batch's attestation or proof is checked on chain for `gas` real gas after
 * `latency` seconds, and a bad result passes only when the trust assumption fails
 * (`failureRate`); otherwise the failed check is disputed and the referee confirms the slash.
 *
 * A TEE also costs `fixedSeconds` and `fixedCost` per request, and each host's enclave is
 * compromised at `compromiseRate` per second (a Poisson process, one seeded stream per host): from
 * then its results are wrong whatever it chose, and its bad results pass attestation, until the
 * compromise is discovered exponential(mean `discoveryTime`) seconds later. On discovery every bad
 * result it committed while compromised is disputed: those still in their challenge window are
 * slashed (the host answers for its enclave, as for any result it signed), those already final
 * stay undetected (the chain cannot reopen them); the enclave is then re-provisioned and may be
 * compromised again. A zk proof's time follows `proving` (flat or a power law of the model's
 * parameters) and its check costs `gas` + `gasPerByte` × `proofBytes`.
 */
export function createAttestedMode(ctx: ModeContext, which: 'tee' | 'zk'): ModeHandler {
  const { tee, zk } = ctx.spec.protocol
  const params = which === 'tee' ? tee : zk
  const gas = which === 'zk' ? zk.gas + zk.gasPerByte * zk.proofBytes : params.gas
  const disputes = createDisputes(ctx)
  const due: { batch: Batch; at: number }[] = []
  const seen = new Set<number>()
  const enclaves = which === 'tee' && tee.compromiseRate > 0 ? createEnclaves(ctx) : null
  // Bad results that passed attestation from a compromised enclave, until its discovery.
  const passed: { replica: Replica; compromise: Compromise }[] = []
  const proving = zk.proving
  return {
    replicas: 1,
    commitLayers: false,
    compareOutputs: false,
    // A flat zk proving factor is overheadFactor unless the scenario names one (resolveRunSpec).
    computeFactor: which === 'zk' && proving.kind === 'flat' ? proving.factor : params.overheadFactor,
    ...(which === 'zk' && proving.kind === 'powerLaw'
      ? {
          requestFactor: (request: ModeledRequest) => attestationSeconds(proving, 0, request).factor,
        }
      : {}),
    ...(which === 'tee' ? { fixedSeconds: tee.fixedSeconds, fixedCost: tee.fixedCost } : {}),
    ...(enclaves ? { compromised: (host: number, now: number) => enclaves.at(host, now) !== null } : {}),
    onCommitted(replica, now) {
      const { batch } = placementOf(replica)
      if (!seen.has(batch.id)) {
        seen.add(batch.id)
        due.push({ batch, at: now + params.latency })
      }
      if (!isBad(replica)) return
      const compromise = enclaves?.at(replica.host, now) ?? null
      if (compromise) {
        // The enclave signs whatever it is made to: the attestation verifies.
        passed.push({ replica, compromise })
        return
      }
      if (!bernoulli(ctx.rng.stream('protocol', `${which}-failure`), params.failureRate)) {
        // The attestation or proof of a bad result does not verify: the protocol disputes it.
        disputes.raise(0, replica, now)
      }
    },
    beforeMine(now) {
      const found = new Map<Compromise, number>()
      for (let i = 0; i < passed.length; ) {
        const item = passed[i] as (typeof passed)[number]
        // Settled first (final when its window closed): no discovery can reopen it, so the run need
        // not wait for one, which may come long after its last job (discoveryTime is a day by default).
        if (item.replica.stage.state !== 'committed') {
          passed.splice(i, 1)
          continue
        }
        if (item.compromise.discoveredAt > now) {
          i++
          continue
        }
        passed.splice(i, 1)
        found.set(item.compromise, (found.get(item.compromise) ?? 0) + 1)
        // A result already final cannot be reopened; one still in its window is disputed.
        disputes.raise(0, item.replica, now)
      }
      for (const [{ host, at }, results] of found)
        ctx.trace({
          t: now,
          type: 'modeled',
          note: `tee: host ${host}'s enclave, compromised at t=${at}s, found; ${results} bad results that passed attestation disputed`,
        })
      disputes.beforeMine(now)
      for (let i = 0; i < due.length; ) {
        const item = due[i] as (typeof due)[number]
        if (item.at > now) {
          i++
          continue
        }
        due.splice(i, 1)
        const { batch } = item
        ctx.submit(
          { kind: 'attest', host: batch.host, batchId: batch.id, gas },
          `an attestation at t=${now}s`,
          () => {
            batch.attested = true
          },
          { verification: true },
        )
      }
    },
    busy: () => due.length > 0 || passed.length > 0 || disputes.busy(),
    ready: (batch) => batch.attested,
  }
}

type Compromise = { host: number; at: number; discoveredAt: number }

/**
 * Each host's enclave compromises as a Poisson process of rate compromiseRate, each found
 * exponential(mean discoveryTime) seconds after it happened; drawn lazily, in time order, from the
 * host's own stream, so the timeline does not depend on when it is asked about.
 */
function createEnclaves(ctx: ModeContext) {
  const { compromiseRate, discoveryTime } = ctx.spec.protocol.tee
  const timelines = new Map<number, Compromise>()
  const next = (host: number, after: number): Compromise => {
    const rng = ctx.rng.stream(`host-${host}`, 'tee-compromise')
    const at = after + exponential(rng, compromiseRate)
    return { host, at, discoveredAt: at + exponential(rng, 1 / discoveryTime) }
  }
  return {
    /** The compromise `host`'s enclave is under at `now`, or null. */
    at(host: number, now: number): Compromise | null {
      let current = timelines.get(host) ?? next(host, 0)
      while (current.discoveredAt <= now) current = next(host, current.discoveredAt)
      timelines.set(host, current)
      return current.at <= now ? current : null
    },
  }
}
