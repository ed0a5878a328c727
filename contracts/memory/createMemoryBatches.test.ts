import { describe, expect, it } from 'vitest'
import { createMemoryBatches } from './createMemoryBatches.ts'
import type { MemoryBatch } from './createMemoryState.ts'

const batch = (host: number, deadline: number): MemoryBatch => ({
  host,
  deadline,
  jobCount: 1,
  openDisputes: 0,
  finalized: false,
  attested: false,
  modelHash: '0x00',
  leaves: [],
  fees: 5n,
  leafState: undefined,
})

describe('createMemoryBatches', () => {
  it('numbers batches in commit order, past the first growth of its arrays', () => {
    const batches = createMemoryBatches()
    for (let i = 0; i < 3000; i++) expect(batches.push(batch(i % 7, 2 ** 40 + i))).toBe(i)
    expect(batches.length).toBe(3000)
    expect(batches.get(2999)).toMatchObject({ host: 2999 % 7, deadline: 2 ** 40 + 2999 })
    for (const id of [-1, 3000, 1.5, Number.NaN]) expect(batches.get(id)).toBeUndefined()
  })

  it('keeps only the host and deadline of a released batch, and refuses to release an open one', () => {
    const batches = createMemoryBatches()
    const open = batch(3, 1_700_000_120)
    const id = batches.push(open)
    expect(() => batches.release(id)).toThrow(/not finalized/)
    expect(batches.open(id)).toBe(open)
    open.finalized = true
    batches.release(id)
    expect(batches.open(id)).toBeUndefined()
    expect(batches.get(id)).toEqual({ host: 3, deadline: 1_700_000_120, finalized: true })
  })
})
