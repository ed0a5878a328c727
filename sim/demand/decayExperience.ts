import { BaseError } from '../../errors/index.ts'
import type { Experience } from './types.ts'

/** A bin lighter than this (about 40 half-lives old for one request) is dropped, to keep memories small. */
const FORGOTTEN = 1e-12

/** The same memory with every sum aged to virtual time t (≥ its time); the input is left as it was. */
export function decayExperience(experience: Experience, t: number): Experience {
  if (!(t >= experience.at))
    throw new BaseError(
      `a requester's memory cannot go back in time: it is at ${experience.at} s, asked for ${t} s`,
    )
  if (t === experience.at) return experience
  const factor =
    experience.halfLife === Number.POSITIVE_INFINITY ? 1 : 2 ** (-(t - experience.at) / experience.halfLife)
  const latency = new Map<number, number>()
  for (const [bin, weight] of experience.latency) {
    const aged = weight * factor
    if (aged >= FORGOTTEN) latency.set(bin, aged)
  }
  return {
    ...experience,
    at: t,
    requests: experience.requests * factor,
    failed: experience.failed * factor,
    frauds: experience.frauds * factor,
    fraudLoss: experience.fraudLoss * factor,
    slashes: experience.slashes * factor,
    incidents: experience.incidents * factor,
    latency,
  }
}
