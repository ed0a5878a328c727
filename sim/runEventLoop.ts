import type { EventQueue } from './eventQueue.ts'
import type { VirtualClock } from './virtualClock.ts'

/** A scheduled piece of simulation logic; it runs at its virtual time, in queue order. */
export type Task = (now: number) => void | Promise<void>

/** How often the loop lets the inference port work (InferencePort.dispatch), in events. */
export const DISPATCH_EVERY = 256

/**
 * Pop events in (time, priority, sequence) order, move the clock, run each task. A task that
 * returns a promise (it waits for inference or the chain) is awaited before the next event;
 * synchronous tasks are not, since a microtask per event would cost more than most events.
 * Every DISPATCH_EVERY events `dispatch` (the inference port's) may take a turn of the thread's
 * event loop, so requests already known run on the pool's threads while the simulation goes on.
 * It never changes what happens: results are awaited by the events that need them, whenever
 * they arrived.
 */
export async function runEventLoop(
  queue: EventQueue<Task>,
  clock: VirtualClock,
  dispatch?: () => Promise<void> | undefined,
): Promise<number> {
  let events = 0
  let untilDispatch = DISPATCH_EVERY
  for (let task = queue.pop(); task; task = queue.pop()) {
    const pending = task(clock.advanceTo(queue.time))
    if (pending) await pending
    events++
    if (dispatch && --untilDispatch === 0) {
      untilDispatch = DISPATCH_EVERY
      const turn = dispatch()
      if (turn) await turn
    }
  }
  return events
}
