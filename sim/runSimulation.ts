import { BaseError, InputError } from '../errors/index.ts'
import { binValueClasses, type ValueRow } from './binValueClasses.ts'
import { checkProbabilityOf } from './checkProbabilityOf.ts'
import { computeMetrics, type Metrics } from './computeMetrics.ts'
import { createInferenceCache } from './createInferenceCache.ts'
import { createJobLifecycle } from './createJobLifecycle.ts'
import type { Counts, GasByCall } from './createRecorder.ts'
import { CHAIN_EPOCH, createRunContext, PRIORITY, type RunContext } from './createRunContext.ts'
import type { StrategyRow } from './createStrategies.ts'
import type { HonestNull } from './detection/types.ts'
import { emissionParams } from './emissionParams.ts'
import { hasCheaters } from './hasCheaters.ts'
import { type Histogram, latencyHistogram } from './latencyHistogram.ts'
import { createMarket, type Market } from './market/createMarket.ts'
import { createMarketBook } from './market/createMarketBook.ts'
import type { MarketMetrics, PeriodRow } from './market/types.ts'
import { createOfferModes } from './modes/createOfferModes.ts'
import type { ModeHandler } from './modes/types.ts'
import type {
  AccountRef,
  Amount,
  CallReceipt,
  Hex,
  InferencePort,
  LedgerCall,
  LedgerPort,
  ProtocolParams,
  VariantName,
} from './ports.ts'
import { exponential } from './rngStreams.ts'
import { runEventLoop } from './runEventLoop.ts'
import type { RunSpec } from './runSpec.ts'
import { createSupply } from './supply/createSupply.ts'
import type { TraceEvent } from './traceEvent.ts'
import { toUnits } from './units.ts'
import { createVirtualClock } from './virtualClock.ts'

export type { GasByCall }
export { CHAIN_EPOCH }

export type RunProgress = { time: number; duration: number; jobs: number; blocks: number }

export type SimIO = {
  inference: InferencePort
  ledger: LedgerPort
  /** Receives every trace event in virtual-time order. */
  trace?: (event: TraceEvent) => void
  /** Called after every mined block. */
  progress?: (progress: RunProgress) => void
  /**
   * The honest null of protocol.detection's sequential test, measured on this model and the
   * scenario's honest hardware before the run (lab/ does it on the real engine). Required when
   * detection is on.
   */
  honestNull?: HonestNull
  /**
   * Catalog runs with detection: each catalog model's honest null in catalog order, measured as
   * honestNull is (undefined for index 0 takes honestNull). Required for every decoder of the catalog.
   */
  honestNulls?: readonly (HonestNull | undefined)[]
  /** Demand-market runs: receives each closed period, in order (lab streams them to periods.ndjson). */
  periods?: (row: PeriodRow) => void
}

export type RunResult = {
  metrics: Metrics
  counts: Counts
  gasByCall: GasByCall
  model: {
    hash: Hex
    layers: number
    flops: Partial<Record<VariantName, number>>
    /** Elements of the honest model's weights. */
    parameters: number
  }
  /** Finality latencies (virtual seconds) over fixed log-spaced bins shared by every run. */
  finalityLatency: Histogram
  /** Share of requests that chose the network, per tenth of the request period. */
  adoption: { t: number; share: number | null }[]
  /** Virtual seconds from the first request to the last finality. */
  elapsed: number
  /** What was modeled rather than executed in this run. */
  modeled: string[]
  /**
   * Decoder runs only: what generation and check prices (and so every cost metric) come from.
   * `modeled` is true when they are a modeled decoder size's, not the decoder that ran.
   */
  generation?: { hardware: string; decoder: string; decoderParams: number; modeled: boolean }
  /**
   * Demand-market runs only: the super-individual weight (DemandSpec.weight) and the book's
   * metrics, which `metrics` holds too so that invariants, tune and every output see them.
   */
  market?: { weight: number; metrics: MarketMetrics }
  /**
   * Runs with rational hosts or verifiers only: their mean cheat and check probabilities at
   * evenly spaced virtual times (createStrategies), written as strategies.csv.
   */
  strategies?: StrategyRow[]
  /**
   * With requesters.feeDraw only: the books by job value (each distinct fee, or up to 10 bins),
   * so whether cheating pays can be read value by value.
   */
  valueTable?: ValueRow[]
}

/** Run one scenario replicate end to end: real inference through `inference`, settlement through `ledger`. */
export async function runSimulation(io: SimIO, spec: RunSpec): Promise<RunResult> {
  if (spec.protocol.detection && !io.honestNull)
    throw new InputError(
      'protocol.detection needs the honest null of its sequential test, and none was measured for this run',
      { hint: 'run through lab/ (it calibrates the null on the real model), or pass SimIO.honestNull' },
    )
  // Every model warms only the variants hosts run: the rest is built if a job ever needs it. The
  // first warmed every variant on every worker once, a fifth of a short run's wall time.
  const warm: VariantName[] = hasCheaters(spec.hosts.shares) ? ['honest', spec.hosts.variant] : ['honest']
  const model = await io.inference.load(spec.model, { warm })
  // A catalog's first model is spec.model: loaded once, like every other, in catalog order.
  const models = [model]
  for (const entry of spec.catalog?.models.slice(1) ?? [])
    models.push(await io.inference.load(entry.model, { warm }))
  const ctx = createRunContext(spec, io, model, models)
  // Every decoder of a catalog is tested against its own null: none may be missing.
  if (spec.protocol.detection)
    for (const [m, info] of models.entries())
      if (info.decoder && !ctx.generationOf(m)?.detection)
        throw new InputError(
          `protocol.detection needs the honest null of catalog model ${spec.catalog?.models[m]?.name ?? m}, and none was measured`,
          { hint: 'run through lab/ (it calibrates each decoder’s null), or pass SimIO.honestNulls' },
        )
  const inference = createInferenceCache(io.inference, spec.inferenceCache)
  // The scenario's protocol first, then each demand.offers entry's (Job.offer indexes them).
  const modes = createOfferModes(ctx)
  const mode = modes[0] as ModeHandler
  const variantFlops = (variant: VariantName) => {
    const info = model.variants[variant]
    if (!info) throw new BaseError(`the model has no ${variant} variant`, { kind: 'input' })
    return info.flops
  }
  for (const h of ctx.hosts) if (h.behaviour !== 'honest') variantFlops(spec.hosts.variant)
  // Every catalog model must have the cheat too: any of them may be asked of a cheating host.
  if (ctx.hosts.some((h) => h.behaviour !== 'honest'))
    for (const [i, m] of ctx.models.entries())
      if (!m.variants[spec.hosts.variant])
        throw new InputError(
          `catalog model ${spec.catalog?.models[i]?.name ?? i} has no ${spec.hosts.variant} variant`,
          {
            hint: 'choose a hosts.variant every catalog model can run (int8 and noise run on any forward model)',
          },
        )

  // Said first in the trace too, so no reader of any output can take them for executed.
  const modeled = modeledParts(spec)
  for (const note of modeled) ctx.trace({ t: 0, type: 'modeled', note })

  // A market run replaces the fixed requesters (their count and job rate go unused).
  if (spec.demand) ctx.book = createMarketBook(spec.demand, io.periods ?? (() => {}))
  const market = spec.demand && ctx.book ? createMarket(ctx, spec.demand, ctx.book, modes) : null
  // Capacity is counted in requests of the scenario's protocol, offers or not.
  const supply = createSupply(ctx, mode)
  const escrow = await setUp(ctx, io.ledger, mode, market)
  const jobs = createJobLifecycle(ctx, modes, inference, escrow, supply, market?.depositOf)
  supply.start()
  const onBlock = async (now: number) => {
    supply.beforeBlock(now)
    const busy = await jobs.block(now)
    supply.afterBlock(now)
    market?.block(now)
    if (now < spec.duration || busy) ctx.at(now + spec.blockTime, PRIORITY.block, onBlock)
    io.progress?.({ time: now, duration: spec.duration, jobs: jobs.jobs(), blocks: ctx.record.counts.blocks })
  }
  if (market) market.start(jobs)
  else
    for (let r = 0; r < spec.requesters.count; r++) {
      const first = exponential(ctx.rng.stream(`requester-${r}`, 'arrivals'), spec.requesters.jobRate)
      if (first < spec.duration) ctx.at(first, PRIORITY.arrival, (t) => jobs.request(t, r))
    }
  ctx.at(spec.blockTime, PRIORITY.block, onBlock)
  const clock = createVirtualClock()
  await runEventLoop(ctx.queue, clock, io.inference.dispatch?.bind(io.inference))
  const { record } = ctx
  // Holding is charged over the time held: what is still held is paid up to the run's end.
  ctx.hosting?.finish(record.tallies.elapsed)
  record.cached(inference.hits)
  record.gas(await claimCredits(ctx, io.ledger, record.tallies.elapsed))
  // Settlements can land after the horizon (finality, a late answer): the last period holds them,
  // and a run that ends inside a period gives that period as a partial last row.
  ctx.book?.finish(Math.max(spec.duration, clock.now))
  const marketResult =
    ctx.book && spec.demand ? { weight: spec.demand.weight, metrics: ctx.book.metrics() } : undefined

  const valueClasses = record.valueClasses()
  // The run's first model's: a catalog's further decoders are priced on the same machine profile.
  const generation = ctx.generationOf(0)
  return {
    metrics: computeMetrics(record.tallies, spec.economics, marketResult?.metrics ?? null),
    counts: record.counts,
    gasByCall: record.gasByCall(),
    model: {
      hash: model.hash,
      layers: generation?.checkpoints ?? model.layers,
      flops: Object.fromEntries(Object.entries(model.variants).map(([k, v]) => [k, v?.flops ?? 0])),
      parameters: model.parameters,
    },
    finalityLatency: latencyHistogram(record.tallies.finalityLatencies),
    adoption: record.adoption(),
    elapsed: record.tallies.elapsed,
    modeled,
    ...(generation
      ? {
          generation: {
            hardware: generation.hardware.name,
            decoder: generation.decoder,
            decoderParams: generation.decoderParams,
            modeled: generation.modeled,
          },
        }
      : {}),
    ...(marketResult ? { market: marketResult } : {}),
    ...(ctx.strategies.rows().length > 0 ? { strategies: ctx.strategies.rows() } : {}),
    ...(valueClasses ? { valueTable: binValueClasses(valueClasses) } : {}),
  }
}

/**
 * Payouts are credits the protocol keeps until their owner claims them; at the end of a run every
 * host, verifier and the referee with a credit claims it, in one last block at the final time.
 */
async function claimCredits(ctx: RunContext, ledger: LedgerPort, now: number): Promise<CallReceipt[]> {
  const { spec } = ctx
  const accounts: AccountRef[] = [
    ...Array.from({ length: ctx.hosts.length }, (_, index): AccountRef => ({ role: 'host', index })),
    ...Array.from({ length: spec.verifiers.count }, (_, index): AccountRef => ({ role: 'verifier', index })),
    { role: 'referee', index: 0 },
  ]
  // Read in slices: one at a time costs a round trip each on a chain, all at once floods it.
  const slice = 256
  let claims = 0
  for (let start = 0; start < accounts.length; start += slice) {
    const part = accounts.slice(start, start + slice)
    const balances = await Promise.all(part.map((account) => ledger.balances(account)))
    part.forEach((account, i) => {
      if ((balances[i]?.credit ?? 0n) === 0n) return
      claims++
      ctx.submit({ kind: 'claim', account }, `a claim of ${account.role} ${account.index}`)
    })
  }
  return claims > 0 ? ctx.mine(now) : []
}

/**
 * The set-up block: protocol, model, verifiers, stakes and each requester's first escrow. With
 * hosts.entry every one of its `max` hosts gets an account, but only the active ones stake. A
 * market's requester accounts are the whole simulated population, once per network configuration
 * (Market.accounts), each depositing when it first sends to the network (createJobLifecycle's
 * depositOf), so none deposits here.
 */
async function setUp(
  ctx: RunContext,
  ledger: LedgerPort,
  mode: ModeHandler,
  market: Market | null,
): Promise<Amount[]> {
  const { spec, model } = ctx
  const p = spec.protocol
  // One requester's expected jobs, and (for verifiers' bonds) every requester's; a market's job
  // stands for `weight` requests, so its fees are counted in units of fee × weight.
  const expectedJobs = market
    ? market.jobsPerRequester * (spec.demand?.weight ?? 1)
    : spec.requesters.jobRate * spec.duration * mode.replicas
  const allJobs = market ? market.jobs : expectedJobs
  const requesters = market ? market.accounts : spec.requesters.count
  const { margin, extraJobs } = spec.requesters.escrow
  const depositJobs = Math.ceil(expectedJobs * margin + extraJobs)
  // Each requester's first deposit covers its own fee (one fee for all without a fee draw).
  const depositOf = (r: number) => toUnits((ctx.requesterFees[r] ?? spec.requesters.fee) * depositJobs)
  const largestFee = ctx.requesterFees.reduce((a, b) => Math.max(a, b), spec.requesters.fee)
  // What every account is minted, not an economic choice: it only has to be enough. Bonds come
  // back as credits, claimed only at the end, so a verifier must be able to bond a challenge of
  // every job it could see; four times the expected fees (or the first deposit if that is more)
  // cover a requester's deposits however small its escrow margin.
  const bonds = Math.max(1000, Math.ceil(allJobs * 1.2))
  const reserve = toUnits(largestFee * Math.max(depositJobs, Math.ceil(expectedJobs * 1.2 + 10)))
  const funding = toUnits(spec.hosts.stake * 2 + p.challengeBond * bonds) + reserve * 4n
  await ledger.setup(
    {
      slashFractionPpm: ppm(p.slashFraction),
      slash: slashParams(p),
      challengerSharePpm: ppm(p.challengerShare),
      challengeWindow: p.challengeWindow,
      unbondingDelay: p.unbondingDelay,
      minStake: toUnits(p.minStake),
      challengeBond: toUnits(p.challengeBond),
      moveTimeout: p.moveTimeout,
      refereeTimeout: p.refereeTimeout,
      bondToWinnerPpm: ppm(p.bondToWinner),
      requireAttestation: p.mode === 'tee' || p.mode === 'zk',
      emission: emissionParams(spec),
    },
    { hosts: ctx.hosts.length, verifiers: spec.verifiers.count, requesters },
    funding,
  )
  const submit = (call: LedgerCall) => ctx.submit(call, `the set-up call ${call.kind}`)
  submit({
    kind: 'registerModel',
    modelHash: model.hash,
    flops: model.variants.honest.flops,
    // A decoder's checkpoints are the chunks of a generation, which bisection walks.
    layers: ctx.generationOf(0)?.checkpoints ?? model.layers,
  })
  // Each further catalog model by the hash of its bytes (two entries of one model register once);
  // a catalog decoder with its own checkpoint count (its blocks per chunk).
  const registered = new Set([model.hash])
  for (const [m, other] of ctx.models.entries()) {
    if (registered.has(other.hash)) continue
    registered.add(other.hash)
    submit({
      kind: 'registerModel',
      modelHash: other.hash,
      flops: other.variants.honest.flops,
      layers: ctx.generationOf(m)?.checkpoints ?? other.layers,
    })
  }
  for (let v = 0; v < spec.verifiers.count; v++) submit({ kind: 'addVerifier', verifier: v })
  for (const [host, h] of ctx.hosts.entries())
    if (h.status.state === 'active') submit({ kind: 'stake', host, amount: h.stakeUnits })
  const escrow: Amount[] = []
  for (let r = 0; r < requesters; r++) {
    if (market) {
      escrow.push(0n)
      continue
    }
    const amount = depositOf(r)
    submit({ kind: 'deposit', requester: r, amount })
    escrow.push(amount)
  }
  await ctx.mine(0)
  return escrow
}

/**
 * The slash rule as the contract takes it. Only valueScaled divides by the check probability;
 * the others get 1, which the contract accepts for any mode (it refuses 0).
 */
function slashParams(p: RunSpec['protocol']): ProtocolParams['slash'] {
  return {
    rule: p.slashRule,
    amount: toUnits(p.slashAmount),
    scalePpm: ppm(p.slashScale),
    checkProbabilityPpm: p.slashRule === 'valueScaled' ? ppm(checkProbabilityOf(p, 0)) : 1_000_000,
    alwaysCheckAbove:
      p.mode === 'sampling' && p.alwaysCheckAbove !== null ? toUnits(p.alwaysCheckAbove) : null,
  }
}

function ppm(fraction: number): number {
  return Math.round(fraction * 1_000_000)
}

/** What a run of `spec` models rather than executes. */
export function modeledParts(spec: RunSpec): string[] {
  const modeled: string[] = []
  if (spec.protocol.mode === 'tee' || spec.protocol.mode === 'zk') {
    modeled.push(
      `${spec.protocol.mode}: compute overhead, attestation gas, latency and failure rate are modeled`,
    )
  }
  const { tee, zk } = spec.protocol
  if (spec.protocol.mode === 'tee' && (tee.fixedSeconds > 0 || tee.fixedCost > 0))
    modeled.push('tee: fixed seconds and cost per request are modeled')
  if (spec.protocol.mode === 'tee' && tee.compromiseRate > 0)
    modeled.push('tee: enclave compromises and their discovery are modeled')
  if (spec.protocol.mode === 'zk' && zk.proving.kind === 'powerLaw')
    modeled.push(
      `zk: proving time is modeled as ${zk.proving.a.toPrecision(3)} × parameters^${zk.proving.b.toPrecision(3)} s per token on top of the inference`,
    )
  if (spec.protocol.mode === 'zk' && zk.proofBytes > 0)
    modeled.push(`zk: a ${zk.proofBytes}-byte proof's calldata gas is modeled`)
  if (spec.protocol.forcedErrors.rate > 0) modeled.push('forced-error jackpots are paid off chain')
  if (spec.catalog)
    modeled.push(
      'catalog: model memory footprints, placement, load times from storage nodes, and loading and holding costs are modeled',
    )
  if (spec.catalog && spec.protocol.mode === 'tee' && ((tee.swapSeconds ?? 0) > 0 || (tee.swapCost ?? 0) > 0))
    modeled.push('tee: the penalty of swapping models in and out of the enclave is modeled')
  const { exact } = spec.protocol
  if (exact && spec.protocol.mode !== 'tee' && spec.protocol.mode !== 'zk')
    modeled.push(
      `exact re-execution: deterministic kernels' ${exact.overheadFactor}× compute for hosts and checkers is modeled; same-class comparisons run exactly`,
    )
  if (spec.settlement && spec.settlement.execution !== 'async')
    modeled.push(
      `settlement ${spec.settlement.execution}: each block's wait for its inferences is modeled (added to finality latency); the chain's blocks do not wait`,
    )
  const pricing = spec.economics.generationCost
  if (pricing?.decoder) {
    modeled.push(
      `generation and check timings and costs are modeled for ${pricing.decoder.name} on ${pricing.hardware.name}; the protocol runs on the real small decoder`,
    )
  }
  return modeled
}
