import type { ConversionDecision, ConversionRule, TrialExperience } from './types.ts'

/**
 * Whether a trial requester converts, and the first reason it does not. It converts when its
 * trial had at least `minRequests` requests, a failed share strictly below `failedShareBelow`,
 * a p95 latency strictly below `p95LatencyBelow`, and no bad result reached it: one fraud is
 * enough to keep a team from putting a provider into production.
 */
export function decideConversion(rule: ConversionRule, trial: TrialExperience): ConversionDecision {
  if (trial.requests < rule.minRequests || trial.p95Latency === null)
    return { convert: false, reason: 'too-few-requests' }
  if (trial.frauds > 0) return { convert: false, reason: 'fraud' }
  if (!(trial.failed / trial.requests < rule.failedShareBelow)) return { convert: false, reason: 'failures' }
  if (!(trial.p95Latency < rule.p95LatencyBelow)) return { convert: false, reason: 'latency' }
  return { convert: true, reason: 'converted' }
}
