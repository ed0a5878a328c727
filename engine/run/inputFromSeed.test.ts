import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { inputFromSeed } from './inputFromSeed.ts'

describe('inputFromSeed', () => {
  it('is deterministic and differs across seeds', () => {
    expect(inputFromSeed(5, 100)).toEqual(inputFromSeed(5, 100))
    expect(inputFromSeed(5, 100)).not.toEqual(inputFromSeed(6, 100))
  })

  it('stays in [-1, 1) and covers the range', () => {
    const values = inputFromSeed(1, 10_000)
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1)
    expect(Math.max(...values)).toBeLessThan(1)
    expect(Math.min(...values)).toBeLessThan(-0.99)
    expect(Math.max(...values)).toBeGreaterThan(0.99)
  })

  it('gives the draws seedrandom gave, bit for bit, so every run keeps its inputs', () => {
    // The expansion inputFromSeed replaced: its values are what earlier runs and digests hold.
    const reference = (seed: number, size: number) => {
      const rng = seedrandom(`input:${seed}`)
      return Float32Array.from({ length: size }, () => (Math.floor(rng() * 2 ** 24) * 2) / 2 ** 24 - 1)
    }
    for (const seed of [0, 1, 2, 41, 999, 65_535, 2 ** 31, 2 ** 53 - 1, -7, 0.5, 1e21]) {
      expect(inputFromSeed(seed, 2048)).toEqual(reference(seed, 2048))
    }
    for (let seed = 0; seed < 300; seed++) expect(inputFromSeed(seed, 64)).toEqual(reference(seed, 64))
  })
})
