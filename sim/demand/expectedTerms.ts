import { decayExperience } from './decayExperience.ts'
import { BINS_PER_DECADE, LAST_BIN, SMALLEST_EDGE } from './latencyBin.ts'
import type { ExpectedTerms, Experience } from './types.ts'

const edge = (i: number) => SMALLEST_EDGE * 10 ** (i / BINS_PER_DECADE)

/** [lower, upper, weight] of each bin; upper = lower for a point (the prior) or the open last bin. */
type Mass = [number, number, number]

/** The 95th percentile of the binned latencies plus the prior's point mass, interpolated within a bin. */
function p95(experience: Experience): number {
  const { prior } = experience
  const masses: Mass[] = []
  for (const [bin, weight] of experience.latency) {
    if (bin === 0) masses.push([0, SMALLEST_EDGE, weight])
    else if (bin === LAST_BIN) masses.push([edge(bin - 1), edge(bin - 1), weight])
    else masses.push([edge(bin - 1), edge(bin), weight])
  }
  if (prior.weight > 0) masses.push([prior.p95Latency, prior.p95Latency, prior.weight])
  const total = masses.reduce((sum, [, , w]) => sum + w, 0)
  if (total === 0) return prior.p95Latency
  masses.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const target = 0.95 * total
  let cumulative = 0
  for (const [lower, upper, weight] of masses) {
    if (cumulative + weight >= target) {
      const fraction = (target - cumulative) / weight
      if (upper === lower) return lower
      // Bins are log-spaced, so interpolate geometrically; bin 0 starts at 0, so linearly.
      return lower === 0 ? fraction * upper : lower * (upper / lower) ** fraction
    }
    cumulative += weight
  }
  const last = masses[masses.length - 1] as Mass
  return last[1]
}

/**
 * What the requester expects of the provider at virtual time t. Its own evidence E (decayed
 * sums) is pooled with the prior's terms at the prior's weight w0, and each public event seen
 * (decayed) adds its reading to the fraud loss:
 *
 *   failedShare = (F + w0·f0) / (W + w0)
 *   fraudLoss   = (L + w0·l0) / (W + w0) + slashLoss·S + incidentLoss·I
 *   p95Latency  = the 95th percentile of the decayed latency bins with w0 at the prior's p95
 *
 * W, F, L, S, I are the decayed requests, failures, fraud losses, slashes and incidents. A fraud
 * burst raises L; as it ages, clean requests dilute it, or, with no requests, W and L fade
 * together and the prior takes over again.
 */
export function expectedTerms(experience: Experience, t: number): ExpectedTerms {
  const aged = decayExperience(experience, t)
  const { prior, signals } = aged
  const pooled = aged.requests + prior.weight
  const failedShare =
    pooled > 0 ? (aged.failed + prior.weight * prior.failedShare) / pooled : prior.failedShare
  const ownLoss = pooled > 0 ? (aged.fraudLoss + prior.weight * prior.fraudLoss) / pooled : prior.fraudLoss
  return {
    p95Latency: p95(aged),
    failedShare,
    fraudLoss: ownLoss + signals.slashLoss * aged.slashes + signals.incidentLoss * aged.incidents,
    requests: aged.requests,
  }
}
