import { describe, expect, it } from 'vitest'
import { assignShares } from './assignShares.ts'
import { createRngStreams } from './rngStreams.ts'

describe('assignShares', () => {
  it('gives exactly round(count × share) entities each key, the same ones for the same seed', () => {
    const a = assignShares(createRngStreams(9, 0), 'host', 20, { honest: 0.8, lazy: 0.2 })
    expect(a.filter((b) => b === 'lazy')).toHaveLength(4)
    expect(a.filter((b) => b === 'honest')).toHaveLength(16)
    expect(assignShares(createRngStreams(9, 0), 'host', 20, { honest: 0.8, lazy: 0.2 })).toEqual(a)
    expect(assignShares(createRngStreams(9, 0), 'host', 20, { honest: 1, lazy: 0 })).not.toContain('lazy')
  })
  it('rounds by largest remainder so the counts add up', () => {
    const a = assignShares(createRngStreams(1, 0), 'v', 10, { a: 1 / 3, b: 1 / 3, c: 1 / 3 })
    expect(a).toHaveLength(10)
    expect(a.every((k) => k !== undefined)).toBe(true)
    const counts = ['a', 'b', 'c'].map((k) => a.filter((x) => x === k).length).sort()
    expect(counts).toEqual([3, 3, 4])
  })
})
