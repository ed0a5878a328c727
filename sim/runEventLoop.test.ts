import { describe, expect, it } from 'vitest'
import { createEventQueue } from './eventQueue.ts'
import { runEventLoop, type Task } from './runEventLoop.ts'
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
})
