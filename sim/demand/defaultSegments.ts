import type { Segment } from './types.ts'

const DAY = 86_400
const MONTH = 30 * DAY
// A trial user reconsiders daily; a production team reviews its provider about weekly.
const REVIEW_EXPERIMENTAL = DAY
const REVIEW_PRODUCTION = 7 * DAY

/*
 * The defaults are illustrative, not fitted to data. Money figures are set against the default
 * fee of 0.001 tokens per request: a weight ratio is a money value (latency ÷ price = tokens per
 * second of p95), so with another fee the price weight should scale as 1 / fee.
 * docs/demandModel.md explains each number.
 */

/** Developers trying the network: price-sensitive, patient, quick to switch and to forget. */
export const EXPERIMENTAL_SEGMENT: Segment = {
  share: 0.8,
  requestRate: 0.01,
  workload: 'model',
  requestSize: null,
  reviewEvery: REVIEW_EXPERIMENTAL,
  // One fee (0.001) is 3 utils; a second of p95 is worth 0.1 fee; a failed request costs 2 fees.
  weights: { price: 3000, latency: 0.3, failure: 6, fraud: 3000 },
  verifiableValue: 0.3,
  switchingCost: 0.5,
  trialLength: 7 * DAY,
  // Sultan, Farley & Lehmann (1990) average p = 0.03, q = 0.38 per year for durables; per month here.
  bass: { p: 0.03 / MONTH, q: 0.38 / MONTH, m: 8000 },
  memory: { halfLife: 3 * DAY, slashLoss: 0.00001, incidentLoss: 0.0005 },
  conversion: { into: 'production', failedShareBelow: 0.02, p95LatencyBelow: 10, minRequests: 100 },
}

/** Teams running real workloads: pay for reliability, loss-averse about fraud, slow to switch. */
export const PRODUCTION_SEGMENT: Segment = {
  share: 0.2,
  requestRate: 0.1,
  workload: 'model',
  requestSize: null,
  reviewEvery: REVIEW_PRODUCTION,
  // One fee is 1 util; a second of p95 is worth one fee; a failed request costs 10 fees; a token
  // of fraud loss weighs 2.25 tokens of price (loss aversion, Tversky & Kahneman 1992).
  weights: { price: 1000, latency: 1, failure: 10, fraud: 2250 },
  verifiableValue: 0.5,
  switchingCost: 2,
  trialLength: 0,
  bass: { p: 0.01 / MONTH, q: 0.38 / MONTH, m: 2000 },
  memory: { halfLife: 14 * DAY, slashLoss: 0.00005, incidentLoss: 0.002 },
  conversion: null,
}

export const DEFAULT_SEGMENTS: Readonly<Record<string, Segment>> = {
  experimental: EXPERIMENTAL_SEGMENT,
  production: PRODUCTION_SEGMENT,
}
