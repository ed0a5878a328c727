import { BaseError } from '../errors/index.ts'

/**
 * The simulation's only notion of time. It moves when the run loop takes the next event and
 * never backwards; real compute and chain latency never touch it.
 */
export type VirtualClock = { readonly now: number; advanceTo(time: number): number }

export function createVirtualClock(start = 0): VirtualClock {
  return new Clock(start)
}

/**
 * A class rather than a closure over `let now`: a double stored into a closure's context is
 * boxed afresh on every write, one allocation per event, where a class field is updated in
 * place. With the slot-table queue, sim core went from 0.74 to 0.80 of the bare heap (bench/).
 */
class Clock implements VirtualClock {
  private current: number

  constructor(start: number) {
    this.current = start
  }

  get now(): number {
    return this.current
  }

  advanceTo(time: number): number {
    if (!(time >= this.current))
      throw new BaseError(`virtual time cannot go back from ${this.current} to ${time}`)
    this.current = time
    return time
  }
}
