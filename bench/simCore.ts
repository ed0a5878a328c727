import {
  createEventQueue,
  createRngStreams,
  createVirtualClock,
  exponential,
  runEventLoop,
  type Task,
} from '../sim/index.ts'
import { alternate, type BenchResult, type Clock } from './measure.ts'

/**
 * The real event queue and run loop on a synthetic workload (1,000 pending events, each event
 * scheduling the next at an exponential delay) against a bare binary heap of numbers doing the
 * same pushes and pops. Medians of five alternating trials each.
 */
export async function benchSimCore(clock: Clock, events = 2_000_000): Promise<BenchResult> {
  const pending = 1000
  const delays = Array.from(
    { length: 4096 },
    (() => {
      const rng = createRngStreams(1, 0).stream('bench', 'delay')
      return () => exponential(rng, 1)
    })(),
  )

  const realLoop = async () => {
    const queue = createEventQueue<Task>()
    let left = events
    let i = 0
    const task: Task = (now) => {
      if (--left > pending) queue.push(now + (delays[i++ & 4095] as number), 1, task)
    }
    for (let k = 0; k < pending; k++) queue.push(delays[k] as number, 1, task)
    await runEventLoop(queue, createVirtualClock())
  }

  const bareLoop = () => {
    const heap: number[] = []
    const push = (v: number) => {
      heap.push(v)
      let j = heap.length - 1
      while (j > 0) {
        const p = (j - 1) >> 1
        if ((heap[p] as number) <= v) break
        heap[j] = heap[p] as number
        j = p
      }
      heap[j] = v
    }
    const pop = () => {
      const top = heap[0] as number
      const last = heap.pop() as number
      if (heap.length > 0) {
        let j = 0
        for (;;) {
          const l = 2 * j + 1
          if (l >= heap.length) break
          const r = l + 1
          const m = r < heap.length && (heap[r] as number) < (heap[l] as number) ? r : l
          if ((heap[m] as number) >= last) break
          heap[j] = heap[m] as number
          j = m
        }
        heap[j] = last
      }
      return top
    }
    let left = events
    let i = 0
    for (let k = 0; k < pending; k++) push(delays[k] as number)
    while (heap.length > 0) {
      const now = pop()
      if (--left > pending) push(now + (delays[i++ & 4095] as number))
    }
  }
  const { measured: real, baseline: bare, ratio } = await alternate(clock, events, 5, realLoop, bareLoop)
  return {
    name: 'sim core',
    ratio,
    goal: '>= 0.7 (issue 19) and >= 1,000,000 events/s',
    met: ratio >= 0.7 && real.perSecond >= 1e6,
    measured: { events_per_second: real.perSecond },
    baseline: { events_per_second: bare.perSecond },
  }
}
