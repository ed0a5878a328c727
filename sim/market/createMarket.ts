import { BaseError, InputError } from '../../errors/index.ts'
import type { JobLifecycle } from '../createJobLifecycle.ts'
import { PRIORITY, type RunContext } from '../createRunContext.ts'
import { chooseProvider } from '../demand/chooseProvider.ts'
import { createExperience } from '../demand/createExperience.ts'
import { decayExperience } from '../demand/decayExperience.ts'
import { decideConversion } from '../demand/decideConversion.ts'
import { drawBassArrivals } from '../demand/drawBassArrivals.ts'
import { expectedTerms } from '../demand/expectedTerms.ts'
import { BINS_PER_DECADE, SMALLEST_EDGE } from '../demand/latencyBin.ts'
import { observe } from '../demand/observe.ts'
import { providerUtility } from '../demand/providerUtility.ts'
import { publicSignal } from '../demand/publicSignal.ts'
import type { Experience, ExperiencePrior, Offer, Segment, UtilityTerms } from '../demand/types.ts'
import { demandWeighted } from '../hosting/demandWeighted.ts'
import type { Amount } from '../ports.ts'
import { exponential } from '../rngStreams.ts'
import type { CentralizedProvider, DemandSpec } from '../runSpec.ts'
import { toUnits } from '../units.ts'
import { addLatency } from './addLatency.ts'
import { type MarketBook, NETWORK, type RequestOutcome } from './types.ts'

export type Market = {
  /** Simulated requesters the market can ever have: Σ over segments of ceil(bass.m ÷ weight). */
  readonly population: number
  /**
   * Escrow accounts: one per requester and network configuration (population × (1 + offers));
   * requester r pays for offer j from account j × population + r (NetworkRequest.account).
   */
  readonly accounts: number
  /**
   * Network requests one requester of the busiest segment can send over the whole horizon, in
   * replicas at requesters.fee (an offer dearer per request counts as that many more).
   */
  readonly jobsPerRequester: number
  /** Network requests the whole population could send over the horizon, at most, in the same units. */
  readonly jobs: number
  /** The smallest deposit `account` makes at `now`: its requester's expected fees for the rest of the run at its offer. */
  depositOf(account: number, now: number): Amount
  /** Schedule every arrival and every centralized provider's outages; requests go to `jobs`. */
  start(jobs: Pick<JobLifecycle, 'place'>): void
  /** After each mined time step: slashes and fees of the block reach the book and the requesters. */
  block(now: number): void
}

/** A requester's plain (undecayed) record of one provider during its trial, for decideConversion. */
type Trial = { requests: number; failed: number; frauds: number; bins: Map<number, number> }

type Requester = {
  index: number
  /** Index of its current segment in demand.segments (it changes on conversion). */
  segment: number
  /**
   * One memory per provider (the network, its offers, then the centralized providers), without
   * public signals (see `publicMemory`).
   */
  memory: Experience[]
  /** Index of the provider it uses; null before its first choice or while every provider is out. */
  current: number | null
  /** Per provider, while its trial runs; null once decided or when its segment does not trial. */
  trial: Trial[] | null
}

type Central = { spec: CentralizedProvider; down: boolean }

// z of the 95th percentile of a standard normal: a log-normal's p95 is median·e^(1.645σ).
const Z95 = 1.6448536269514722

/**
 * The demand market (issue 16; docs/demandModel.md), one requester's story from top to bottom:
 *
 *   arrival (Bass, per segment) ─► choose a provider (logit over offers and its memory)
 *      ├─ requests (Poisson at its segment's rate) ─► network job or centralized API ─► settled:
 *      │    its memory observes latency, failure, fraud; the book counts it
 *      ├─ reviews (exponential gaps of reviewEvery) ─► choose again, switching cost against its current one
 *      └─ end of trial (arrival + trialLength) ─► convert into another segment, or stay
 *
 * Requester accounts are allocated per segment in scenario order (segment s owns
 * [offset_s, offset_s + ceil(m_s ÷ weight))), and each arrival takes its segment's next index, so
 * adding a segment after the others, or a provider, leaves every other requester's streams
 * (`requester-i`) as they were. A requester keeps its account and streams when it converts.
 */
export function createMarket(
  ctx: RunContext,
  demand: DemandSpec,
  book: MarketBook,
  /** Per network configuration (the scenario's protocol, then each of demand.offers). */
  modes: readonly { replicas: number; computeFactor: number }[],
): Market {
  const { spec } = ctx
  const { weight } = demand
  const segments = demand.segments
  for (const { name, segment } of segments)
    if (!(segment.bass.m / weight >= 1))
      throw new InputError(
        `segment ${name}'s market size ${segment.bass.m} is less than one simulated requester at demand.weight ${weight}`,
        { hint: `lower demand.weight to at most ${segment.bass.m}, or raise the market size` },
      )
  const caps = segments.map(({ segment }) => Math.ceil(segment.bass.m / weight))
  const offsets: number[] = []
  let population = 0
  for (const cap of caps) {
    offsets.push(population)
    population += cap
  }
  // Each account's segment until it converts: what its deposits are sized from.
  const segmentOf = new Int32Array(population)
  for (const [s, cap] of caps.entries()) segmentOf.fill(s, offsets[s] as number, (offsets[s] as number) + cap)

  // The network's configurations are providers 0 … networks − 1 (the scenario's protocol, then
  // each offer), the centralized ones come after: provider j ≥ networks is central[j − networks].
  const configurations = [
    { name: NETWORK, fee: spec.requesters.fee, mode: spec.protocol.mode },
    ...demand.offers.map((o) => ({ name: o.name, fee: o.fee, mode: o.protocol.mode })),
  ]
  const networks = configurations.length
  // runSimulation builds one handler per configuration (createOfferModes); a caller that did not is a bug.
  if (modes.length !== networks)
    throw new BaseError(`the market has ${networks} network configurations but ${modes.length} mode handlers`)
  const modeOf = (offer: number) => modes[offer] as { replicas: number; computeFactor: number }
  const central: Central[] = demand.providers.map((p) => ({ spec: p, down: false }))
  const names = [...configurations.map((c) => c.name), ...demand.providers.map((p) => p.name)]
  const offers: Offer[] = [
    ...configurations.map((c, j) => ({
      provider: c.name,
      price: c.fee * modeOf(j).replicas,
      verifiable: c.mode !== 'none',
    })),
    ...demand.providers.map((p) => ({ provider: p.name, price: p.price, verifiable: false })),
  ]
  // What a newcomer expects of the network before using it: the time from request to a result on
  // chain (an honest inference of `weight` requests, the longest batching wait, the order's and the
  // commitment's blocks); the challenge window is not waited for. No failures, no fraud.
  const priors: ExperiencePrior[] = [
    ...configurations.map((_, j) => {
      // A catalog is all decoders or all forward models (scenarios/ refuses a mix).
      const inferenceSeconds = ctx.generationOf(0)
        ? 0
        : (demandWeighted(spec, ctx.models, (m) => m.variants.honest.flops) *
            modeOf(j).computeFactor *
            weight) /
          spec.hosts.speed
      return {
        p95Latency: inferenceSeconds + spec.hosts.maxBatchDelay + 2 * spec.blockTime,
        failedShare: 0,
        fraudLoss: 0,
        weight: 1,
      }
    }),
    ...demand.providers.map((p) => ({
      p95Latency: p.latency.p95,
      failedShare: p.failureRate,
      fraudLoss: 0,
      weight: 1,
    })),
  ]

  /*
   * Public signals are applied lazily: rather than every requester's memory of a provider taking
   * every slash and incident (requesters × providers × signals updates), each segment keeps one
   * public memory per provider, decayed with the segment's half-life and read with its signal
   * weights, and a choice adds its fraud loss to the requester's own. The result is the same
   * expected loss as per-requester publicSignal calls, since public events decay on the same
   * half-life whoever sees them; a newcomer also reads the chain's past events (they are public),
   * and a converted requester reads its new segment's memory.
   */
  const publicMemory: Experience[][] = segments.map(({ segment }) =>
    names.map(() => createExperience(segment.memory.halfLife, { signals: segment.memory })),
  )
  const signal = (provider: number, now: number, slashes: number, incidents: number) => {
    for (const memories of publicMemory)
      memories[provider] = publicSignal(memories[provider] as Experience, now, { slashes, incidents })
  }

  let jobs: Pick<JobLifecycle, 'place'> | null = null
  // Slashes already signalled, per network configuration (the slashed job's Job.offer).
  const slashesSeen = configurations.map(() => 0)
  let feesSeen = 0

  const segmentAt = (r: Requester) => segments[r.segment] as { name: string; segment: Segment }

  const choose = (now: number, r: Requester) => {
    const { name, segment } = segmentAt(r)
    const current = r.current === null ? null : (names[r.current] as string)
    const terms: Record<string, UtilityTerms> = {}
    const utilities = names.map((provider, j) => {
      const own = expectedTerms(r.memory[j] as Experience, now)
      const heard = expectedTerms(publicMemory[r.segment]?.[j] as Experience, now).fraudLoss
      const u = providerUtility(
        segment,
        offers[j] as Offer,
        { ...own, fraudLoss: own.fraudLoss + heard },
        current,
      )
      // A provider that is down cannot be chosen (logitShares gives it share 0).
      const out = j >= networks && (central[j - networks] as Central).down
      terms[provider] = out ? { ...u, total: Number.NEGATIVE_INFINITY } : u
      return out ? Number.NEGATIVE_INFINITY : u.total
    })
    const pick = chooseProvider(ctx.rng.stream(`requester-${r.index}`, 'choice'), utilities)
    // Every provider out: the requester keeps its provider and its requests fail there.
    if (pick === null) return
    r.current = pick
    book.chose(now, r.index, name, names[pick] as string, terms)
  }

  const settle = (r: Requester, provider: number, now: number, outcome: RequestOutcome) => {
    // A requester's loss from one bad result is per request; the weight scales only the book.
    const fraud = outcome.bad ? demand.fraudLoss : 0
    r.memory[provider] = observe(r.memory[provider] as Experience, now, {
      latency: outcome.latency,
      failed: outcome.failed,
      fraud,
    })
    const trial = r.trial?.[provider]
    if (trial) {
      trial.requests++
      if (outcome.failed) trial.failed++
      if (outcome.bad) trial.frauds++
      addLatency(trial.bins, outcome.latency, 1)
    }
    book.settled(now, r.index, segmentAt(r).name, names[provider] as string, outcome, weight)
  }

  const sendCentral = (now: number, r: Requester, provider: number) => {
    const c = central[provider - networks] as Central
    const draw = ctx.rng.stream(`requester-${r.index}`, `service-${c.spec.name}`)
    // Three draws every time, whatever the outcome, so the stream stays aligned.
    const u1 = draw()
    const u2 = draw()
    const failedDraw = draw() < c.spec.failureRate
    const sigma = Math.log(c.spec.latency.p95 / c.spec.latency.median) / Z95
    const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2)
    // A request sent during an outage waits for the requester's timeout; one that fails outside
    // an outage comes back with an error after its usual latency.
    const outcome: RequestOutcome = c.down
      ? { latency: demand.timeout, failed: true, bad: false }
      : { latency: c.spec.latency.median * Math.exp(sigma * z), failed: failedDraw, bad: false }
    ctx.record.request(now, false)
    ctx.at(now + outcome.latency, PRIORITY.arrival, (t) => settle(r, provider, t, outcome))
  }

  const send = (now: number, r: Requester) => {
    const { name, segment } = segmentAt(r)
    const next = now + exponential(ctx.rng.stream(`requester-${r.index}`, 'arrivals'), segment.requestRate)
    if (next < spec.duration) ctx.at(next, PRIORITY.arrival, (t) => send(t, r))
    const provider = r.current
    if (provider === null) return
    book.requested(now, r.index, name, names[provider] as string, weight)
    if (provider >= networks) return sendCentral(now, r, provider)
    ;(jobs as Pick<JobLifecycle, 'place'>).place(now, {
      requester: r.index,
      offer: provider,
      account: provider * population + r.index,
      weight,
      sizes: segment.requestSize,
      settled: (t, outcome) => settle(r, provider, t, outcome),
    })
  }

  const review = (now: number, r: Requester) => {
    choose(now, r)
    const { segment } = segmentAt(r)
    const next = now + exponential(ctx.rng.stream(`requester-${r.index}`, 'review'), 1 / segment.reviewEvery)
    if (next < spec.duration) ctx.at(next, PRIORITY.arrival, (t) => review(t, r))
  }

  const endTrial = (now: number, r: Requester) => {
    const { name: from, segment } = segmentAt(r)
    const rule = segment.conversion
    const trial = r.trial
    r.trial = null
    if (!rule || !trial) return
    // The provider it used most (the first of equals, the network before the others).
    let most = trial[0] as Trial
    for (const t of trial) if (t.requests > most.requests) most = t
    const decision = decideConversion(rule, {
      requests: most.requests,
      failed: most.failed,
      frauds: most.frauds,
      p95Latency: binnedP95(most.bins, most.requests),
    })
    const into = segments.findIndex((s) => s.name === rule.into)
    if (decision.convert && into >= 0) {
      r.segment = into
      segmentOf[r.index] = into
      // It keeps what it remembers, which from now on fades at its new segment's pace.
      const halfLife = (segments[into] as { segment: Segment }).segment.memory.halfLife
      r.memory = r.memory.map((m) => ({ ...decayExperience(m, now), halfLife }))
    }
    book.converted(now, r.index, from, decision.convert && into >= 0 ? rule.into : from, decision.reason)
  }

  const arrive = (now: number, s: number, index: number) => {
    const { name, segment } = segments[s] as { name: string; segment: Segment }
    const trials = segment.trialLength > 0 && segment.conversion !== null
    const r: Requester = {
      index,
      segment: s,
      memory: priors.map((prior) => createExperience(segment.memory.halfLife, { prior, at: now })),
      current: null,
      trial: trials ? names.map(() => ({ requests: 0, failed: 0, frauds: 0, bins: new Map() })) : null,
    }
    book.arrived(now, index, name)
    choose(now, r)
    const streams = `requester-${index}`
    const firstReview = now + exponential(ctx.rng.stream(streams, 'review'), 1 / segment.reviewEvery)
    if (firstReview < spec.duration) ctx.at(firstReview, PRIORITY.arrival, (t) => review(t, r))
    const first = now + exponential(ctx.rng.stream(streams, 'arrivals'), segment.requestRate)
    if (first < spec.duration) ctx.at(first, PRIORITY.arrival, (t) => send(t, r))
    // A trial that would end after the horizon is never decided.
    if (trials && now + segment.trialLength < spec.duration)
      ctx.at(now + segment.trialLength, PRIORITY.arrival, (t) => endTrial(t, r))
  }

  const outages = (c: Central, provider: number) => {
    const { meanUp, meanDown } = c.spec.outages
    if (!(meanUp > 0)) return
    const rng = ctx.rng.stream(`provider-${c.spec.name}`, 'outages')
    const name = c.spec.name
    const up = (now: number) => {
      const start = now + exponential(rng, 1 / meanUp)
      if (start < spec.duration) ctx.at(start, PRIORITY.arrival, down)
    }
    const down = (now: number) => {
      c.down = true
      book.incident({ t: now, provider: name, kind: 'outage-start', count: 1 })
      signal(provider, now, 0, 1)
      const end = now + exponential(rng, 1 / meanDown)
      // An outage still on at the horizon stays on: nothing after the horizon is simulated.
      if (end < spec.duration)
        ctx.at(end, PRIORITY.arrival, (t) => {
          c.down = false
          book.incident({ t, provider: name, kind: 'outage-end', count: 1 })
          up(t)
        })
    }
    up(0)
  }

  const horizon = Math.ceil(spec.duration)
  // Set-up funds every account for the dearest configuration's requests, in replicas at the
  // scenario's fee: an offer at fee × replicas twice the network's counts each request twice.
  const base = (offers[0] as Offer).price
  const dearest = base > 0 ? Math.max(...offers.slice(0, networks).map((o) => o.price)) / base : 1
  const jobsOf = (s: number) => {
    const jobs =
      (segments[s] as { segment: Segment }).segment.requestRate * spec.duration * modeOf(0).replicas
    return networks > 1 ? jobs * Math.max(1, dearest) : jobs
  }
  const { margin, extraJobs } = spec.requesters.escrow

  return {
    population,
    accounts: population * networks,
    jobsPerRequester: Math.max(0, ...segments.map((_, s) => jobsOf(s))),
    jobs: caps.reduce((sum, cap, s) => sum + cap * jobsOf(s), 0),
    depositOf(account, now) {
      const offer = Math.floor(account / population)
      const requester = account - offer * population
      const segment = (segments[segmentOf[requester] ?? 0] as { segment: Segment }).segment
      const expected = segment.requestRate * Math.max(0, spec.duration - now) * modeOf(offer).replicas
      const fee = (configurations[offer] ?? configurations[0])?.fee ?? spec.requesters.fee
      return toUnits(fee * weight * Math.ceil(expected * margin + extraJobs))
    },
    start(lifecycle) {
      jobs = lifecycle
      for (const [s, { name, segment }] of segments.entries()) {
        const { p, q, m } = segment.bass
        // All of a segment's arrivals at once: O(requesters) of memory, the same as the requesters.
        const times = drawBassArrivals(
          ctx.rng.stream(`segment-${name}`, 'arrivals'),
          p,
          q,
          m / weight,
          0,
          horizon,
        )
        // The simulated market has ceil(m ÷ weight) requesters; the Poisson draw's rare excess
        // over it (see drawBassArrivals) is cut off.
        const cap = caps[s] as number
        for (const [ordinal, t] of times.entries()) {
          if (ordinal >= cap || t >= spec.duration) break
          const index = (offsets[s] as number) + ordinal
          ctx.at(t, PRIORITY.arrival, (now) => arrive(now, s, index))
        }
      }
      for (const [j, c] of central.entries()) outages(c, j + networks)
    },
    block(now) {
      const { tallies } = ctx.record
      // Each configuration's slashes are its own public signal: the chain shows which job a slash
      // was for, and so under which offer it was requested.
      for (const [j, seen] of slashesSeen.entries()) {
        const slashes = tallies.slashesByOffer[j] ?? 0
        if (slashes <= seen) continue
        const fresh = slashes - seen
        slashesSeen[j] = slashes
        book.incident({ t: now, provider: names[j] as string, kind: 'slash', count: fresh })
        signal(j, now, fresh, 0)
      }
      if (tallies.networkFees !== feesSeen) {
        book.fees(now, tallies.networkFees - feesSeen)
        feesSeen = tallies.networkFees
      }
      book.advance(now)
    },
  }
}

/** The upper edge of the latency bin that holds the 95th percentile (a p95 high by at most 12%). */
function binnedP95(bins: ReadonlyMap<number, number>, requests: number): number | null {
  if (requests === 0) return null
  let seen = 0
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    seen += bins.get(bin) as number
    if (seen >= 0.95 * requests) return SMALLEST_EDGE * 10 ** (bin / BINS_PER_DECADE)
  }
  return Number.POSITIVE_INFINITY
}
