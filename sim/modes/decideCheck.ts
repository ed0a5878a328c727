import type { ModeContext } from '../createRunContext.ts'
import { penaltyOf } from '../penaltyOf.ts'
import { bernoulli } from '../rngStreams.ts'
import type { Replica } from '../runState.ts'
import { fromUnits } from '../units.ts'

/**
 * Whether verifier `v` re-executes `replica`, given the protocol's checking probability.
 * - diligent: checks with probability `probability`;
 * - lazy: the same, but approves without checking with probability `skipProbability`;
 * - colluding: checks like a diligent verifier (it still never challenges its coalition);
 * - rational: checks only while the expected reward (its fraud estimate × its share of a slash,
 *   plus the forced-error jackpot) covers the compute a check costs: the verifier's dilemma.
 */
export function decideCheck(ctx: ModeContext, v: number, replica: Replica, probability: number): boolean {
  const { spec, verifiers, rng } = ctx
  const state = verifiers[v]
  if (!state) return false
  const draw = rng.stream(`verifier-${v}`, 'check')
  // One draw per decision keeps each verifier's stream aligned across parameter changes.
  const u = draw()
  if (!(u < probability)) return false
  switch (state.behaviour) {
    case 'diligent':
    case 'colluding':
      return true
    case 'lazy':
      return !bernoulli(rng.stream(`verifier-${v}`, 'skip'), spec.verifiers.skipProbability)
    case 'rational': {
      const host = ctx.hosts[replica.host]
      const stake = host?.stake ?? spec.hosts.stake
      const slash =
        penaltyOf(spec.protocol, fromUnits(replica.job.fee), stake) * spec.protocol.challengerShare
      const reward =
        state.fraudBelief * slash + spec.protocol.forcedErrors.rate * spec.protocol.forcedErrors.jackpot
      const order = replica.job.generation
      const cost =
        ctx.generation && order
          ? ctx.generation.check(order).cost
          : ctx.honestFlops * spec.economics.costPerFlop
      return reward >= cost
    }
  }
}

/**
 * After a check: forced errors (planted results the protocol knows are wrong) pay the checker
 * its jackpot; a rational verifier updates its fraud estimate from what it saw.
 */
export function afterCheck(ctx: ModeContext, v: number, foundBad: boolean): void {
  const state = ctx.verifiers[v]
  if (!state) return
  const { rate, jackpot } = ctx.spec.protocol.forcedErrors
  if (rate > 0 && bernoulli(ctx.rng.stream('protocol', 'forced'), rate)) {
    ctx.record.forcedError(state, jackpot)
  }
  if (state.behaviour === 'rational') {
    const w = ctx.spec.verifiers.rational.learningRate
    state.fraudBelief = (1 - w) * state.fraudBelief + w * (foundBad ? 1 : 0)
  }
}

/** Colluding verifiers never challenge hosts of their coalition. */
export function shields(ctx: ModeContext, v: number, host: number): boolean {
  return ctx.verifiers[v]?.behaviour === 'colluding' && ctx.spec.verifiers.coalition.includes(host)
}
