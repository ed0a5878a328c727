import { BaseError } from '../errors/index.ts'

/**
 * The simulation's only notion of time. It moves when the run loop takes the next event and
 * never backwards; real compute and chain latency never touch it.
 */
export type VirtualClock = { readonly now: number; advanceTo(time: number): number }

export function createVirtualClock(start = 0): VirtualClock {
  let now = start
  return {
    get now() {
      return now
    },
    advanceTo(time) {
      if (!(time >= now)) throw new BaseError(`virtual time cannot go back from ${now} to ${time}`)
      now = time
      return now
    },
  }
}
