import type { ModeContext } from '../createRunContext.ts'
import type { NetworkOffer } from '../runSpec.ts'
import { createMode } from './createMode.ts'
import type { ModeHandler } from './types.ts'

/**
 * One mode handler per network configuration a job can be requested under (Job.offer): index 0
 * the scenario's protocol, i the demand market's offers[i − 1]. An offer's handler sees the
 * scenario's spec with its own mode fields merged into `protocol`, and every other part of the
 * context as the run's: the context is rebuilt field by field rather than spread, so it holds the
 * very rng, hosts, verifiers, recorder and chain queue the run does (a spread RunContext would
 * also copy `book`, which is set after the modes exist, and detach it).
 */
export function createOfferModes(ctx: ModeContext): ModeHandler[] {
  const offers = ctx.spec.demand?.offers ?? []
  return [createMode(ctx), ...offers.map((offer) => createMode(offerContext(ctx, offer)))]
}

function offerContext(ctx: ModeContext, offer: NetworkOffer): ModeContext {
  const { spec } = ctx
  return {
    spec: { ...spec, protocol: { ...spec.protocol, ...offer.protocol } },
    rng: ctx.rng,
    hosts: ctx.hosts,
    verifiers: ctx.verifiers,
    honestFlops: ctx.honestFlops,
    generation: ctx.generation,
    record: ctx.record,
    trace: ctx.trace,
    submit: ctx.submit,
    check: ctx.check,
    refereeCompare: ctx.refereeCompare,
    refereeLayer: ctx.refereeLayer,
  }
}
