import { InputError } from '../../errors/index.ts'
import type { ModeContext } from '../createRunContext.ts'
import { NETWORK } from '../market/types.ts'
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
  checkOffers(ctx.spec.protocol.mode, offers, ctx.spec.demand?.providers.map((p) => p.name) ?? [])
  return [createMode(ctx), ...offers.map((offer) => createMode(offerContext(ctx, offer)))]
}

function offerContext(ctx: ModeContext, offer: NetworkOffer): ModeContext {
  const { spec } = ctx
  return {
    spec: { ...spec, protocol: { ...spec.protocol, ...offer.protocol } },
    rng: ctx.rng,
    requesterFees: ctx.requesterFees,
    hosts: ctx.hosts,
    verifiers: ctx.verifiers,
    honestFlops: ctx.honestFlops,
    generationOf: ctx.generationOf,
    record: ctx.record,
    strategies: ctx.strategies,
    jobCompute: ctx.jobCompute,
    trace: ctx.trace,
    submit: ctx.submit,
    check: ctx.check,
    refereeCompare: ctx.refereeCompare,
    refereeLayer: ctx.refereeLayer,
  }
}

/** scenarios/checkDemand refuses these at their lines; a RunSpec built in code meets them here. */
function checkOffers(mode: string, offers: readonly NetworkOffer[], providers: readonly string[]): void {
  if (offers.length === 0) return
  if (mode === 'tee' || mode === 'zk')
    throw new InputError(
      `protocol.mode ${mode} makes the contract require an attestation that demand.offers' jobs never have`,
      {
        hint: 'choose another protocol.mode, or remove demand.offers',
      },
    )
  const names = new Set([NETWORK, ...providers])
  for (const [i, offer] of offers.entries()) {
    if (names.has(offer.name))
      throw new InputError(
        `demand.offers.${i}.name ${JSON.stringify(offer.name)} is already a provider's or an offer's name`,
        {
          hint: 'give each offer a name of its own',
        },
      )
    names.add(offer.name)
    if (!(offer.fee > 0))
      throw new InputError(`demand.offers.${i}.fee must be above 0 tokens per replica, got ${offer.fee}`, {
        hint: 'the contract refuses an order with a zero fee',
      })
    if (offer.protocol.mode === 'tee' || offer.protocol.mode === 'zk')
      throw new InputError(
        `demand.offers.${i}.protocol.mode ${offer.protocol.mode} is an attestation the contract requires of every batch or of none`,
        {
          hint: 'use none, sampling, optimistic or replication',
        },
      )
  }
}
