import { z } from 'zod'
import {
  type CentralizedProvider,
  type ConversionRule,
  EXPERIMENTAL_SEGMENT,
  PRODUCTION_SEGMENT,
  type Segment,
  type UtilityWeights,
} from '../sim/index.ts'
import { fraction, positive, price, seconds, tokenCountValue, tokens } from './fieldSchemas.ts'
import { limits } from './limits.ts'

/**
 * The `demand:` section (issue 16, docs/demandModel.md): the requester population as segments,
 * the centralized providers they may choose instead of the network, and the market's periods.
 *
 * Segment fields the file leaves out are inherited, field by field: a segment named
 * `experimental` from EXPERIMENTAL_SEGMENT, any other (`production` or a new name) from
 * PRODUCTION_SEGMENT, so a new segment is a production-like one with the changes it states.
 * Only `share` has no inherited value for a new name: a new segment must give it. A conversion
 * rule's fields not given are the experimental segment's rule (into production, failed share
 * below 0.02, p95 below 10 s, at least 100 requests). Ranges are checked by sim's
 * checkSegments (one rule set for code and files); the schema checks types.
 */

const DAY = 86_400
const DEFAULT_CONVERSION = EXPERIMENTAL_SEGMENT.conversion as ConversionRule
export const DEFAULT_PROVIDER_FAILURE_RATE = 0.001
export const DEFAULT_PROVIDER_OUTAGES = { meanUp: 30 * DAY, meanDown: 3600 }
/** The name the network goes by among providers: no centralized provider may take it. */
export const NETWORK_PROVIDER = 'network'

const names = /^[A-Za-z_][\w-]*$/
/** A name that is also a key of every object (`constructor`, `__proto__`) would reach the prototype. */
const ownName = (what: string) =>
  z
    .string()
    .regex(names, `${what} is a letter or _ followed by letters, digits, _ or -`)
    .refine((name) => !(name in Object.prototype) && name !== '__proto__', {
      message: `${what} may not be a name every object has (such as constructor or __proto__)`,
    })

const number = (description: string) => z.number().optional().describe(description)

const segmentSchema = z
  .strictObject({
    share: number(
      'Share of the requester population, 0 … 1; all segments’ shares add up to 1. Default: experimental 0.8, production 0.2; a segment with another name must give it.',
    ),
    requestRate: number(
      'Requests per second of one active requester (a Poisson process). Default: experimental 0.01 (864 a day), others 0.1.',
    ),
    workload: z
      .string()
      .optional()
      .describe('The model this segment’s requests run, by name: a scenario has one model, named model.'),
    requestSize: z
      .strictObject({
        prompt: tokenCountValue('Prompt tokens')
          .optional()
          .describe(
            'Prompt tokens per request: a whole number or { uniform: [min, max] }; default: workload.prompt.',
          ),
        outputTokens: tokenCountValue('Output tokens')
          .optional()
          .describe(
            'Output tokens per request: a whole number or { uniform: [min, max] }; default: workload.outputTokens.',
          ),
      })
      .nullable()
      .optional()
      .describe(
        'Decoder models: this segment’s prompt and output lengths instead of the workload’s; null (the default): the workload’s.',
      ),
    reviewEvery: number(
      'Mean seconds between a requester’s re-evaluations of its provider (exponential gaps). Default: experimental 86400 (a day), others 604800 (a week).',
    ),
    weights: z
      .strictObject({
        price: number(
          'Utility per token of price per request (β_price). Default: experimental 3000, others 1000.',
        ),
        latency: number('Utility per second of expected p95 latency. Default: experimental 0.3, others 1.'),
        failure: number(
          'Utility per unit of expected failed-or-unserved share (0 … 1). Default: experimental 6, others 10.',
        ),
        fraud: number(
          'Utility per token of expected fraud loss per request. Default: experimental 3000, others 2250.',
        ),
      })
      .optional()
      .describe(
        'Utility weights of the logit choice; a ratio is a money value (latency ÷ price: tokens per second of p95).',
      ),
    verifiableValue: number(
      'Utility of a verifiable result (1 makes a provider e ≈ 2.7 times as likely). Default: experimental 0.3, others 0.5.',
    ),
    switchingCost: number(
      'Utility lost by leaving the current provider. Default: experimental 0.5, others 2.',
    ),
    trialLength: number(
      'Seconds of a trial, after which the conversion rule applies; 0: no trial. Default: experimental 604800 (7 days), others 0.',
    ),
    bass: z
      .strictObject({
        p: number(
          'Bass innovation per second (> 0): arrivals on their own. Default: experimental 0.03, others 0.01 per 30 days (1.157e-8, 3.858e-9).',
        ),
        q: number(
          'Bass imitation per second (≥ 0): extra arrival rate per share of the market arrived. Default: 0.38 per 30 days (1.466e-7).',
        ),
      })
      .optional()
      .describe('Bass diffusion of arrivals; the market size m is share × demand.marketSize.'),
    memory: z
      .strictObject({
        halfLife: number(
          'Seconds for the weight of any experience or public signal to halve. Default: experimental 259200 (3 days), others 1209600 (14 days).',
        ),
        slashLoss: number(
          'Tokens per request of expected fraud loss each public slash seen adds. Default: experimental 0.00001, others 0.00005.',
        ),
        incidentLoss: number(
          'Tokens per request of expected fraud loss each public incident seen adds. Default: experimental 0.0005, others 0.002.',
        ),
      })
      .optional()
      .describe('How a requester remembers its experience and public signals.'),
    conversion: z
      .strictObject({
        into: z.string().optional().describe('The segment a converted requester joins (default production).'),
        failedShareBelow: number(
          'Converts only when the trial’s failed share is below this, (0, 1] (default 0.02)...',
        ),
        p95LatencyBelow: number('...and the trial’s p95 latency is below this many seconds (default 10)...'),
        minRequests: z
          .number()
          .int()
          .optional()
          .describe('...and the trial had at least this many requests (default 100), with no fraud.'),
      })
      .nullable()
      .optional()
      .describe(
        'The rule that moves a trial requester into another segment when its trial ends; null: never. Default: experimental converts into production, others never.',
      ),
  })
  .describe('One requester segment; fields not given are inherited (see demand.segments).')

const providerSchema = z
  .strictObject({
    name: ownName('a provider name').describe('The provider’s name in outputs; `network` is the network’s.'),
    price: price.optional().describe('Tokens per request. Default: economics.centralizedPrice.'),
    latency: z
      .strictObject({
        median: positive
          .optional()
          .describe('Median seconds per request. Default: economics.centralizedLatency.'),
        p95: positive
          .optional()
          .describe('95th-percentile seconds per request, at least the median. Default: 2 × median.'),
      })
      .optional()
      .describe('Latency per request: a log-normal with this median and 95th percentile.'),
    failureRate: z
      .number()
      .min(0)
      .max(1)
      .default(DEFAULT_PROVIDER_FAILURE_RATE)
      .describe('Share of requests that fail outside outages.'),
    outages: z
      .strictObject({
        meanUp: z
          .number()
          .min(0)
          .default(DEFAULT_PROVIDER_OUTAGES.meanUp)
          .describe('Mean seconds between outages (exponential); 0: never out. Default 2592000 (30 days).'),
        meanDown: positive
          .default(DEFAULT_PROVIDER_OUTAGES.meanDown)
          .describe('Mean seconds an outage lasts (exponential); every request in it fails. Default 3600.'),
      })
      .prefault({})
      .describe('Outages as an alternating process of up and down times.'),
  })
  .describe('A centralized provider: an API with its own price, latency and outages, never verifiable.')

const offerSchema = z
  .strictObject({
    name: ownName('an offer name').describe(
      'The offer’s name among providers in outputs; not `network`, a centralized provider’s or another offer’s.',
    ),
    fee: tokens.describe(
      'Tokens per replica, as requesters.fee is for the scenario’s protocol; more than 0.',
    ),
    protocol: z
      .strictObject({
        mode: z
          .enum(['none', 'sampling', 'replication', 'optimistic', 'tee', 'zk'])
          .describe('Verification mode of this offer: none, sampling, optimistic or replication.'),
        p: fraction
          .optional()
          .describe('Sampling: probability that a result is re-executed. Default: protocol.p.'),
        k: z
          .number()
          .int()
          .min(2)
          .max(64)
          .optional()
          .describe('Replication: hosts per job. Default: protocol.k.'),
        watchProbability: fraction
          .optional()
          .describe(
            'Optimistic: probability that a diligent watcher checks a result. Default: protocol.watchProbability.',
          ),
      })
      .describe(
        'The offer’s verification; every other protocol field (stakes, windows, bonds) is the scenario’s.',
      ),
  })
  .describe(
    'A further configuration of the same network (same hosts, verifiers and contract) offered at its own fee and verification mode.',
  )

export const demandSchema = z
  .strictObject({
    marketSize: z
      .number()
      .int()
      .min(1)
      .max(1e9)
      .default(10_000)
      .describe('Requesters who ever arrive, over all segments (real ones); segment m = share × marketSize.'),
    weight: z
      .number()
      .int()
      .min(1)
      .max(1e9)
      .default(1)
      .describe(
        'Super-individuals: each simulated requester (and request) stands for this many real ones in every economic figure; real inference runs once per simulated request.',
      ),
    period: seconds(1, 365 * DAY, 'a period longer than a year holds no cohort curve')
      .default(DAY)
      .describe('Seconds per period of the per-period aggregates; a cohort is the period of arrival.'),
    retentionPeriod: z
      .number()
      .int()
      .min(4, { message: 'must be at least 4: retention R(N) is read against period 3 of each cohort' })
      .max(100_000)
      .default(14)
      .describe('The period N at which retention R(N) = cohort volume in period N ÷ in period 3 is read.'),
    repeatPeriods: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(3)
      .describe('Repeat share counts the volume of requesters active in at least this many periods.'),
    timeout: seconds(1, limits.maxTimeout, 'a request waits at most a day before it counts as failed')
      .default(30)
      .describe('Seconds a requester waits for a request that is never served before counting it failed.'),
    fraudLoss: z
      .number()
      .min(0)
      .optional()
      .describe('Tokens a requester loses when a bad result reaches it. Default: requesters.fraudLoss.'),
    segments: z
      .record(ownName('a segment name'), segmentSchema)
      .superRefine((segments, ctx) => {
        for (const [name, segment] of Object.entries(segments)) {
          if (segment.share === undefined && !(name === 'experimental' || name === 'production'))
            ctx.addIssue({
              code: 'custom',
              path: [name],
              message: `segment ${name} must give its share (only experimental and production have default shares)`,
            })
        }
      })
      .optional()
      .describe(
        'Requester segments by name. Absent: experimental and production with their defaults. A segment’s fields not given are inherited: experimental from the experimental defaults, any other name from production’s; a new name must give its share.',
      ),
    providers: z
      .array(providerSchema)
      .max(64)
      .optional()
      .describe(
        'Centralized providers the requesters may choose instead of the network. Absent: one named centralized, at economics.centralizedPrice and centralizedLatency (p95 twice that), failure rate 0.001, out about 1 hour every 30 days.',
      ),
    offers: z
      .array(offerSchema)
      .max(16)
      .optional()
      .describe(
        'Further configurations of the network requesters may choose beside `network` (the scenario’s protocol at requesters.fee), each its own provider in outputs. Absent: none.',
      ),
  })
  .describe(
    'The demand market (issue 16): requester segments arriving by Bass diffusion, choosing among the network and centralized providers. Absent: the fixed requesters population.',
  )

type DemandInput = z.output<typeof demandSchema>
type SegmentInput = z.output<typeof segmentSchema>
type ProviderInput = z.output<typeof providerSchema>
type RequestSizeInput = NonNullable<SegmentInput['requestSize']>

/** One segment with every field filled in (bass.m is the resolver's: share × marketSize). */
export type SegmentSection = Omit<Segment, 'bass' | 'requestSize' | 'weights'> & {
  requestSize: RequestSizeInput | null
  weights: UtilityWeights
  bass: { p: number; q: number }
}

/** The demand section as a loaded scenario holds it: every default filled in. */
export type DemandSection = Omit<DemandInput, 'fraudLoss' | 'segments' | 'providers'> & {
  fraudLoss: number
  segments: Record<string, SegmentSection>
  providers: CentralizedProvider[]
}

type Filled<T> = Omit<T, 'demand'> & { demand?: DemandSection }

/**
 * A scenario with `demand:` gets every default of the section in the scenario itself (segments,
 * providers from economics, fraudLoss from requesters), so what `verisim validate` prints and
 * scenario.resolved.yaml holds is complete and reads back to the same text.
 */
export function fillDemandDefaults<
  T extends {
    demand?: DemandInput | undefined
    requesters: { fraudLoss: number }
    economics: { centralizedPrice: number; centralizedLatency: number }
  },
>(scenario: T): Filled<T> {
  const demand = scenario.demand
  if (!demand) return scenario as Filled<T>
  const given = demand.segments ?? { experimental: {}, production: {} }
  const segments = Object.fromEntries(
    Object.entries(given).map(([name, segment]) => [name, fillSegment(name, segment)]),
  )
  const { centralizedPrice, centralizedLatency } = scenario.economics
  const defaultProvider: ProviderInput = {
    name: 'centralized',
    failureRate: DEFAULT_PROVIDER_FAILURE_RATE,
    outages: DEFAULT_PROVIDER_OUTAGES,
  }
  const providers = (demand.providers ?? [defaultProvider]).map((p) => {
    const median = p.latency?.median ?? centralizedLatency
    return {
      name: p.name,
      price: p.price ?? centralizedPrice,
      latency: { median, p95: p.latency?.p95 ?? 2 * median },
      failureRate: p.failureRate,
      outages: { ...p.outages },
    }
  })
  const filled: DemandSection = {
    marketSize: demand.marketSize,
    weight: demand.weight,
    period: demand.period,
    retentionPeriod: demand.retentionPeriod,
    repeatPeriods: demand.repeatPeriods,
    timeout: demand.timeout,
    fraudLoss: demand.fraudLoss ?? scenario.requesters.fraudLoss,
    segments,
    providers,
    // Absent stays absent, so a file without offers resolves to the text it always did.
    ...(demand.offers
      ? { offers: demand.offers.map((o) => ({ name: o.name, fee: o.fee, protocol: { ...o.protocol } })) }
      : {}),
  }
  return { ...scenario, demand: filled }
}

function fillSegment(name: string, given: SegmentInput): SegmentSection {
  const base = name === 'experimental' ? EXPERIMENTAL_SEGMENT : PRODUCTION_SEGMENT
  const conversion =
    given.conversion === undefined
      ? base.conversion && { ...base.conversion }
      : given.conversion && {
          into: given.conversion.into ?? DEFAULT_CONVERSION.into,
          failedShareBelow: given.conversion.failedShareBelow ?? DEFAULT_CONVERSION.failedShareBelow,
          p95LatencyBelow: given.conversion.p95LatencyBelow ?? DEFAULT_CONVERSION.p95LatencyBelow,
          minRequests: given.conversion.minRequests ?? DEFAULT_CONVERSION.minRequests,
        }
  return {
    // A new name without a share is refused by the schema before this runs.
    share: given.share ?? base.share,
    requestRate: given.requestRate ?? base.requestRate,
    workload: given.workload ?? base.workload,
    requestSize: given.requestSize ? { ...given.requestSize } : null,
    reviewEvery: given.reviewEvery ?? base.reviewEvery,
    weights: {
      price: given.weights?.price ?? base.weights.price,
      latency: given.weights?.latency ?? base.weights.latency,
      failure: given.weights?.failure ?? base.weights.failure,
      fraud: given.weights?.fraud ?? base.weights.fraud,
    },
    verifiableValue: given.verifiableValue ?? base.verifiableValue,
    switchingCost: given.switchingCost ?? base.switchingCost,
    trialLength: given.trialLength ?? base.trialLength,
    bass: { p: given.bass?.p ?? base.bass.p, q: given.bass?.q ?? base.bass.q },
    memory: {
      halfLife: given.memory?.halfLife ?? base.memory.halfLife,
      slashLoss: given.memory?.slashLoss ?? base.memory.slashLoss,
      incidentLoss: given.memory?.incidentLoss ?? base.memory.incidentLoss,
    },
    conversion,
  }
}
