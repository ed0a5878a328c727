import type { TokenCount } from '../runSpec.ts'

/**
 * The demand market's types (issue 16). Times are virtual seconds, rates per virtual second,
 * money in tokens per request (the unit of `requesters.fee`), utilities in logit units: a
 * difference of 1 between two providers makes the better one e ≈ 2.7 times as likely to be chosen.
 * Everything here is a pure description; the functions beside this file do the arithmetic.
 */

/**
 * How much each attribute of a provider costs a requester, in utility per unit. Ratios are
 * money values: latency ÷ price is what one second of p95 latency is worth in tokens per request.
 */
export type UtilityWeights = {
  /** Utility per token of price per request. */
  price: number
  /** Utility per second of expected p95 latency. */
  latency: number
  /** Utility per unit of expected failed-or-unserved share (0 … 1). */
  failure: number
  /** Utility per token of expected fraud loss per request. */
  fraud: number
}

/** Bass diffusion of one segment's arrivals: F(t) = (1 − e^−(p+q)t) / (1 + (q/p)·e^−(p+q)t). */
export type BassParams = {
  /** Innovation: the rate at which requesters arrive on their own, per virtual second, > 0. */
  p: number
  /** Imitation: the extra rate per share of the market already arrived, per virtual second, ≥ 0. */
  q: number
  /** Market size: requesters who ever arrive, ≥ 1. */
  m: number
}

/**
 * How a requester reads public signals into expected fraud loss: each slash or incident seen
 * (decayed with the memory's half-life) adds this many tokens to the loss it expects per request.
 */
export type SignalReading = {
  slashLoss: number
  incidentLoss: number
}

/** An experimental requester's move to production after a good trial (decideConversion). */
export type ConversionRule = {
  /** The segment a converted requester joins. */
  into: string
  /** Converts only when the trial's failed share is strictly below this, in (0, 1]. */
  failedShareBelow: number
  /** ...and the trial's p95 latency is strictly below this many seconds. */
  p95LatencyBelow: number
  /** ...and the trial had at least this many requests (fewer are not evidence), an integer ≥ 1. */
  minRequests: number
}

/** A class of requesters: how many, what they run, what they value, how they arrive. */
export type Segment = {
  /** Share of the requester population; the shares of all segments sum to 1. */
  share: number
  /** Requests per virtual second of one active requester (a Poisson process). */
  requestRate: number
  /** The model this segment's requests run, by its name in the scenario ('model': the run's one model). */
  workload: string
  /**
   * Decoder models: this segment's prompt and output lengths, replacing the scenario's `workload`
   * ones (a chat user sends short prompts, a batch job long ones); null: the scenario's.
   */
  requestSize: { prompt: TokenCount; outputTokens: TokenCount } | null
  /** Mean virtual seconds between a requester's re-evaluations of its provider (exponential gaps). */
  reviewEvery: number
  weights: UtilityWeights
  /** Utility of a verifiable result (added to a provider that offers one). */
  verifiableValue: number
  /** Utility lost by leaving the current provider (integration, migration). */
  switchingCost: number
  /** Virtual seconds of an experimental trial; 0 when the segment does not trial. */
  trialLength: number
  bass: BassParams
  /** Half-life of the requester's memory of its experience and of public signals, in seconds. */
  memory: SignalReading & { halfLife: number }
  /** The rule that converts a trial requester to another segment; null: it never converts. */
  conversion: ConversionRule | null
}

/** What one provider offers a requester at the moment of choice. */
export type Offer = {
  provider: string
  /** Tokens per request. */
  price: number
  /** Results can be checked (the network under a verification mode); a centralized API's cannot. */
  verifiable: boolean
}

/** What a requester expects of one provider, from its decayed experience and public signals. */
export type ExpectedTerms = {
  /** Seconds. */
  p95Latency: number
  /** Share of requests that fail or go unserved, 0 … 1. */
  failedShare: number
  /** Tokens lost to fraud per request. */
  fraudLoss: number
  /** Decayed count of the requester's own requests behind these figures (the prior excluded). */
  requests: number
}

/** Each term of a provider's utility, signed as it enters the sum, and the sum. */
export type UtilityTerms = {
  price: number
  latency: number
  failure: number
  fraud: number
  verifiable: number
  switching: number
  total: number
}

/**
 * What a requester believes before it has seen a provider: its advertised terms, worth `weight`
 * requests of evidence. It does not decay, so a requester that stops using a provider drifts
 * back to it.
 */
export type ExperiencePrior = {
  p95Latency: number
  failedShare: number
  fraudLoss: number
  weight: number
}

/** createExperience's options: the prior (zeros at weight 1), the signal reading (none), the start time (0). */
export type ExperienceOptions = {
  prior?: ExperiencePrior
  signals?: SignalReading
  at?: number
}

/** One observed request. */
export type Observation = {
  /** Seconds from request to result; for an unserved request, the time the requester waited. */
  latency: number
  /** The request failed or was never served. */
  failed: boolean
  /** Tokens this request lost to a bad result that reached the requester; 0 when none did. */
  fraud: number
}

/** Public events seen at one moment: slashes on chain, incidents (outages, disclosed fraud). */
export type PublicEvents = { slashes: number; incidents: number }

/**
 * A requester's decaying memory of one provider. Every sum is as of virtual time `at`; each
 * unit of evidence weighs 2^(−age / halfLife).
 */
export type Experience = {
  halfLife: number
  prior: ExperiencePrior
  signals: SignalReading
  at: number
  requests: number
  failed: number
  /** Requests that a bad result reached. */
  frauds: number
  /** Tokens lost to those. */
  fraudLoss: number
  slashes: number
  incidents: number
  /** Decayed request weight per latency bin (see latencyBin in createExperience.ts). */
  latency: ReadonlyMap<number, number>
}

/** A trial's plain (undecayed) record, for decideConversion. */
export type TrialExperience = {
  requests: number
  failed: number
  /** Seconds; null when the trial had no requests. */
  p95Latency: number | null
  /** Requests a bad result reached. */
  frauds: number
}

export type ConversionReason = 'converted' | 'too-few-requests' | 'failures' | 'latency' | 'fraud'

export type ConversionDecision = { convert: boolean; reason: ConversionReason }
