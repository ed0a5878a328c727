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

/** a before b in (time, priority, sequence) order; written out so the heap's hot loops inline it. */
function before<T>(a: QueuedEvent<T>, b: QueuedEvent<T>): boolean {
  return (
    a.time < b.time ||
    (a.time === b.time && (a.priority < b.priority || (a.priority === b.priority && a.sequence < b.sequence)))
  )
}

export function createEventQueue<T>(): EventQueue<T> {
  const heap: QueuedEvent<T>[] = []
  let sequence = 0

  return {
    push(time, priority, payload) {
      if (!Number.isFinite(time)) throw new RangeError(`event time must be finite, got ${time}`)
      const event = { time, priority, sequence: sequence++, payload }
      // Sift up by moving parents down into the hole, then drop the event in once.
      let i = heap.length
      heap.push(event)
      while (i > 0) {
        const parentIndex = (i - 1) >> 1
        const parent = heap[parentIndex] as QueuedEvent<T>
        if (!before(event, parent)) break
        heap[i] = parent
        i = parentIndex
      }
      heap[i] = event
      return event
    },
    pop() {
      const top = heap[0]
      const last = heap.pop()
      if (top === undefined || last === undefined) return undefined
      const n = heap.length
      if (n > 0) {
        let i = 0
        for (;;) {
          const l = 2 * i + 1
          if (l >= n) break
          const r = l + 1
          let child = heap[l] as QueuedEvent<T>
          let c = l
          if (r < n && before(heap[r] as QueuedEvent<T>, child)) {
            child = heap[r] as QueuedEvent<T>
            c = r
          }
          if (!before(child, last)) break
          heap[i] = child
          i = c
        }
        heap[i] = last
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
