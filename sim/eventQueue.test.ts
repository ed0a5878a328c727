import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareEvents, createEventQueue } from './eventQueue.ts'

const pushes = fc.array(
  fc.record({ time: fc.integer({ min: 0, max: 50 }), priority: fc.integer({ min: 0, max: 3 }) }),
  { maxLength: 300 },
)

describe('createEventQueue', () => {
  it('pops every event in (time, priority, sequence) order', () => {
    fc.assert(
      fc.property(pushes, (items) => {
        const q = createEventQueue<number>()
        for (const [i, it] of items.entries()) q.push(it.time, it.priority, i)
        const out = []
        for (let i = q.pop(); i !== undefined; i = q.pop()) {
          // Every push takes the next sequence number: the payload is the sequence.
          out.push({ ...items[i]!, sequence: i, payload: i })
          expect(q.time).toBe(items[i]!.time)
        }
        expect(out).toHaveLength(items.length)
        for (let i = 1; i < out.length; i++) expect(compareEvents(out[i - 1]!, out[i]!)).toBeLessThan(0)
      }),
    )
  })

  it('keeps scheduling order among equal (time, priority)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
        const q = createEventQueue<number>()
        for (let i = 0; i < n; i++) q.push(5, 1, i)
        const out = []
        for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e)
        expect(out).toEqual([...Array(n).keys()])
      }),
    )
  })

  it('matches a sort of the same events when pushes and pops interleave', () => {
    fc.assert(
      fc.property(pushes, fc.array(fc.boolean(), { maxLength: 300 }), (items, pops) => {
        const q = createEventQueue<number>()
        const model: { time: number; priority: number; sequence: number; payload: number }[] = []
        items.forEach((it, i) => {
          q.push(it.time, it.priority, i)
          // Every push takes the next sequence number.
          model.push({ ...it, sequence: i, payload: i })
          if (pops[i]) {
            model.sort(compareEvents)
            expect(q.pop()).toEqual(model.shift()?.payload)
          }
        })
        expect(q.size).toBe(model.length)
      }),
    )
  })

  it('keeps the order across growth while popped events free slots for reuse', () => {
    // Past the first allocation with slots already freed and reused: the heap and the slot
    // table grow together, and ties on time must still fall back to (priority, sequence).
    const q = createEventQueue<number>()
    const model: { time: number; priority: number; sequence: number; payload: number }[] = []
    const popLeast = () => {
      let m = 0
      for (let j = 1; j < model.length; j++) if (compareEvents(model[j]!, model[m]!) < 0) m = j
      return model.splice(m, 1)[0]?.payload
    }
    for (let i = 0; i < 5000; i++) {
      const time = (i * 7919) % 97
      const priority = i % 3
      q.push(time, priority, i)
      model.push({ time, priority, sequence: i, payload: i })
      if (i % 3 === 0) expect(q.pop()).toBe(popLeast())
    }
    expect(q.size).toBe(model.length)
    while (model.length > 0) expect(q.pop()).toBe(popLeast())
    expect(q.pop()).toBeUndefined()
  })

  it('rejects a non-finite time and a priority that is not a small integer', () => {
    expect(() => createEventQueue().push(Number.NaN, 0, null)).toThrow(/finite/)
    expect(() => createEventQueue().push(1, 1.5, null)).toThrow(/priority/)
    expect(() => createEventQueue().push(1, -1, null)).toThrow(/priority/)
    expect(() => createEventQueue().push(1, 4096, null)).toThrow(/priority/)
  })

  it('grows past its first allocation and peeks without popping', () => {
    const q = createEventQueue<number>()
    for (let i = 5000; i > 0; i--) q.push(i, 0, i)
    expect(q.peek()).toEqual({ time: 1, priority: 0, sequence: 4999, payload: 1 })
    expect(q.size).toBe(5000)
    for (let i = 1; i <= 5000; i++) expect(q.pop()).toBe(i)
    expect(q.pop()).toBeUndefined()
  })
})
