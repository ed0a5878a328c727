import { describe, expect, it } from 'vitest'
import { createEventQueue } from './eventQueue.ts'
import { DISPATCH_EVERY, runEventLoop, type Task } from './runEventLoop.ts'
import { createVirtualClock } from './virtualClock.ts'

describe('runEventLoop', () => {
  it('runs tasks in time order, including ones scheduled while running, sync and async alike', async () => {
    const queue = createEventQueue<Task>()
    const clock = createVirtualClock()
    const seen: string[] = []
    queue.push(2, 0, (t) => {
      seen.push(`b@${t}`)
    })
    queue.push(1, 0, async (t) => {
      await Promise.resolve()
      seen.push(`a@${t}`)
      queue.push(1.5, 0, (u) => {
        seen.push(`c@${u}`)
      })
    })
    expect(await runEventLoop(queue, clock)).toBe(3)
    expect(seen).toEqual(['a@1', 'c@1.5', 'b@2'])
    expect(clock.now).toBe(2)
  })

  it('lets the inference port take a turn every DISPATCH_EVERY events, without changing what runs when', async () => {
    const queue = createEventQueue<Task>()
    const clock = createVirtualClock()
    const seen: number[] = []
    const turns: number[] = []
    const events = DISPATCH_EVERY * 2 + 5
    for (let i = 0; i < events; i++)
      queue.push(events - i, 0, (t) => {
        seen.push(t)
      })
    const dispatch = () => {
      turns.push(seen.length)
      // Every other turn has nothing to do, as a port with nothing waiting.
      return turns.length % 2 === 1 ? new Promise<void>((resolve) => setImmediate(resolve)) : undefined
    }
    expect(await runEventLoop(queue, clock, dispatch)).toBe(events)
    expect(turns).toEqual([DISPATCH_EVERY, DISPATCH_EVERY * 2])
    expect(seen).toEqual(Array.from({ length: events }, (_, i) => i + 1))
  })
})
