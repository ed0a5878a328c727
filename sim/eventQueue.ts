/**
 * The simulation's agenda: a binary min-heap totally ordered by (time, priority, sequence).
 * The sequence number is assigned at push, so two events at the same time and priority leave
 * in the order they were scheduled; nothing depends on heap internals or on insertion races.
 */
export type QueuedEvent<T> = {
  time: number
  priority: number
  sequence: number
  payload: T
}

export type EventQueue<T> = {
  push(time: number, priority: number, payload: T): QueuedEvent<T>
  pop(): QueuedEvent<T> | undefined
  peek(): QueuedEvent<T> | undefined
  readonly size: number
}

export function compareEvents<T>(a: QueuedEvent<T>, b: QueuedEvent<T>): number {
  return a.time - b.time || a.priority - b.priority || a.sequence - b.sequence
}

export function createEventQueue<T>(): EventQueue<T> {
  const heap: QueuedEvent<T>[] = []
  let sequence = 0

  const less = (i: number, j: number) =>
    compareEvents(heap[i] as QueuedEvent<T>, heap[j] as QueuedEvent<T>) < 0
  const swap = (i: number, j: number) => {
    const t = heap[i] as QueuedEvent<T>
    heap[i] = heap[j] as QueuedEvent<T>
    heap[j] = t
  }

  return {
    push(time, priority, payload) {
      if (!Number.isFinite(time)) throw new RangeError(`event time must be finite, got ${time}`)
      const event = { time, priority, sequence: sequence++, payload }
      heap.push(event)
      let i = heap.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!less(i, parent)) break
        swap(i, parent)
        i = parent
      }
      return event
    },
    pop() {
      const top = heap[0]
      const last = heap.pop()
      if (top === undefined || last === undefined) return undefined
      if (heap.length > 0) {
        heap[0] = last
        let i = 0
        for (;;) {
          const l = 2 * i + 1
          const r = l + 1
          let m = i
          if (l < heap.length && less(l, m)) m = l
          if (r < heap.length && less(r, m)) m = r
          if (m === i) break
          swap(i, m)
          i = m
        }
      }
      return top
    },
    peek() {
      return heap[0]
    },
    get size() {
      return heap.length
    },
  }
}
