import { InputError } from '../../errors/index.ts'
import type { Experience, ExperienceOptions, ExperiencePrior, SignalReading } from './types.ts'

/** Advertised terms of a provider nobody has complained about, worth one request of evidence. */
const NEUTRAL_PRIOR: ExperiencePrior = { p95Latency: 0, failedShare: 0, fraudLoss: 0, weight: 1 }
const DEAF: SignalReading = { slashLoss: 0, incidentLoss: 0 }

/**
 * An empty memory of one provider whose evidence halves in weight every `halfLife` virtual
 * seconds (Infinity: never forgets). Until evidence arrives, and again once it has faded, the
 * requester expects the prior's terms.
 */
export function createExperience(halfLife: number, options: ExperienceOptions = {}): Experience {
  if (!(halfLife > 0))
    throw new InputError(`memory half-life must be > 0 seconds, got ${halfLife}`, {
      hint: 'e.g. 259200 (3 days), or Infinity to never forget',
    })
  const prior = options.prior ?? NEUTRAL_PRIOR
  const signals = options.signals ?? DEAF
  for (const [field, value] of [
    ['prior.p95Latency', prior.p95Latency],
    ['prior.fraudLoss', prior.fraudLoss],
    ['prior.weight', prior.weight],
    ['signals.slashLoss', signals.slashLoss],
    ['signals.incidentLoss', signals.incidentLoss],
  ] as const)
    if (!(Number.isFinite(value) && value >= 0))
      throw new InputError(`memory ${field} must be a finite number >= 0, got ${value}`, { hint: 'e.g. 0' })
  if (!(prior.failedShare >= 0 && prior.failedShare <= 1))
    throw new InputError(`memory prior.failedShare must lie in [0, 1], got ${prior.failedShare}`, {
      hint: 'e.g. 0.001',
    })
  return {
    halfLife,
    prior,
    signals,
    at: options.at ?? 0,
    requests: 0,
    failed: 0,
    frauds: 0,
    fraudLoss: 0,
    slashes: 0,
    incidents: 0,
    latency: new Map(),
  }
}
