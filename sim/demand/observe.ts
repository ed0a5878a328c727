import { InputError } from '../../errors/index.ts'
import { decayExperience } from './decayExperience.ts'
import { latencyBin } from './latencyBin.ts'
import type { Experience, Observation } from './types.ts'

/** The memory after one request observed at virtual time t; the input is left as it was. */
export function observe(experience: Experience, t: number, observation: Observation): Experience {
  const { latency, failed, fraud } = observation
  if (!(Number.isFinite(latency) && latency >= 0))
    throw new InputError(`an observed latency must be a finite number >= 0 seconds, got ${latency}`, {
      hint: 'for an unserved request, give the time the requester waited',
    })
  if (!(Number.isFinite(fraud) && fraud >= 0))
    throw new InputError(`an observed fraud loss must be a finite number >= 0 tokens, got ${fraud}`, {
      hint: '0 when the result was good',
    })
  const aged = decayExperience(experience, t)
  const bins = new Map(aged.latency)
  const bin = latencyBin(latency)
  bins.set(bin, (bins.get(bin) ?? 0) + 1)
  return {
    ...aged,
    requests: aged.requests + 1,
    failed: aged.failed + (failed ? 1 : 0),
    frauds: aged.frauds + (fraud > 0 ? 1 : 0),
    fraudLoss: aged.fraudLoss + fraud,
    latency: bins,
  }
}
