import type { EventQueue } from './eventQueue.ts'
import type { VirtualClock } from './virtualClock.ts'

/** A scheduled piece of simulation logic; it runs at its virtual time, in queue order. */
export type Task = (now: number) => void | Promise<void>

/**
 * Pop events in (time, priority, sequence) order, move the clock, run each task. A task that
 * returns a promise (it waits for inference or the chain) is awaited before the next event;
 * synchronous tasks are not, since a microtask per event would cost more than most events.
 */
export async function runEventLoop(queue: EventQueue<Task>, clock: VirtualClock): Promise<number> {
  let events = 0
  for (let task = queue.pop(); task; task = queue.pop()) {
    const pending = task(clock.advanceTo(queue.time))
    if (pending) await pending
    events++
  }
  return events
}
