import type { ModeContext } from '../createRunContext.ts'
import { bernoulli } from '../rngStreams.ts'
import { isBad, type Replica } from '../runState.ts'

/**
 * Whether verifier `v` re-executes the result it is given, at the protocol's checking probability.
 * - diligent: checks with probability `probability`;
 * - lazy: the same, but approves without checking with probability `skipProbability`;
 * - colluding: checks like a diligent verifier (it still never challenges its coalition);
 * - rational: of the results it is given with probability `probability`, checks as its learner
 *   plays (verifiers.learning, sim/strategy): the verifier's dilemma, learned from its payoffs.
 */
export function decideCheck(ctx: ModeContext, v: number, probability: number): boolean {
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
    case 'rational':
      return ctx.strategies.verifierChecks(v)
  }
}

/**
 * After a check that found `replica` bad (`foundBad`) or not: forced errors (planted results the
 * protocol knows are wrong) pay the checker its jackpot; a colluding verifier shields its
 * coalition's bad result and is paid the bribe; a rational verifier is owed −check cost +
 * jackpot (and its challenger share if its challenge slashes). Returns whether the verifier
 * shields the result: it must then not challenge it.
 */
export function afterCheck(ctx: ModeContext, v: number, replica: Replica, foundBad: boolean): boolean {
  const state = ctx.verifiers[v]
  if (!state) return false
  const { rate, jackpot } = ctx.spec.protocol.forcedErrors
  let won = 0
  if (rate > 0 && bernoulli(ctx.rng.stream('protocol', 'forced'), rate)) {
    ctx.record.forcedError(state, jackpot)
    won = jackpot
  }
  const shielded = shields(ctx, v, replica.host)
  const { bribe } = ctx.spec.verifiers.coalition
  // One bribe per bad result, to the first colluder that would otherwise have caught it.
  if (shielded && foundBad && isBad(replica) && bribe > 0 && replica.bribe === undefined)
    ctx.record.bribe(replica, state, bribe)
  if (state.behaviour === 'rational') {
    const cost = ctx.jobCompute(replica.job).check
    ctx.strategies.checked(v, replica, won - cost, foundBad && !shielded)
  }
  return shielded
}

/** Colluding verifiers never challenge hosts whose behaviour is in the coalition. */
export function shields(ctx: ModeContext, v: number, host: number): boolean {
  const behaviour = ctx.hosts[host]?.behaviour
  return (
    ctx.verifiers[v]?.behaviour === 'colluding' &&
    behaviour !== undefined &&
    ctx.spec.verifiers.coalition.hosts.includes(behaviour)
  )
}
