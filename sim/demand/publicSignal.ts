import { InputError } from '../../errors/index.ts'
import { decayExperience } from './decayExperience.ts'
import type { Experience, PublicEvents } from './types.ts'

/**
 * The memory after public events seen at virtual time t (slashes on chain, incidents); the input
 * is left as it was. They fade with the same half-life as the requester's own experience.
 */
export function publicSignal(experience: Experience, t: number, events: PublicEvents): Experience {
  for (const field of ['slashes', 'incidents'] as const)
    if (!(Number.isFinite(events[field]) && events[field] >= 0))
      throw new InputError(`public ${field} must be a finite count >= 0, got ${events[field]}`, {
        hint: 'e.g. 1',
      })
  const aged = decayExperience(experience, t)
  return { ...aged, slashes: aged.slashes + events.slashes, incidents: aged.incidents + events.incidents }
}
