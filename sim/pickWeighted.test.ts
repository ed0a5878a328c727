import { describe, expect, it } from 'vitest'
import { assignBehaviours } from './assignBehaviours.ts'
import { pickWeighted } from './pickWeighted.ts'
import { createRngStreams } from './rngStreams.ts'

describe('pickWeighted', () => {
  it('picks in proportion to weight and never a zero weight', () => {
    const counts = [0, 0, 0]
    const rng = createRngStreams(1, 0).stream('t', 'pick')
    for (let i = 0; i < 30_000; i++) counts[pickWeighted([1, 0, 3], rng())]! += 1
    expect(counts[1]).toBe(0)
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7)
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3)
  })
  it('returns -1 when nothing can be picked', () => {
    expect(pickWeighted([0, 0], 0.5)).toBe(-1)
    expect(pickWeighted([], 0.5)).toBe(-1)
  })
})

describe('assignBehaviours', () => {
  it('makes exactly round(count × share) hosts lazy, the same ones for the same seed', () => {
    const a = assignBehaviours(createRngStreams(9, 0), 20, 0.2)
    expect(a.filter((b) => b === 'lazy')).toHaveLength(4)
    expect(assignBehaviours(createRngStreams(9, 0), 20, 0.2)).toEqual(a)
    expect(assignBehaviours(createRngStreams(9, 0), 20, 0)).not.toContain('lazy')
  })
})
