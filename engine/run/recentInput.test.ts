import { describe, expect, it } from 'vitest'
import { inputFromSeed } from './inputFromSeed.ts'
import { recentInput } from './recentInput.ts'

describe('recentInput', () => {
  it('gives inputFromSeed’s values, the same array for a seed asked again', () => {
    const first = recentInput(42, 256)
    expect(first).toEqual(inputFromSeed(42, 256))
    expect(recentInput(42, 256)).toBe(first)
    // Another size is another input.
    expect(recentInput(42, 128)).toEqual(inputFromSeed(42, 128))
  })

  it('keeps only the last few inputs', () => {
    const first = recentInput(1, 64)
    for (let seed = 2; seed < 20; seed++) recentInput(seed, 64)
    const again = recentInput(1, 64)
    expect(again).not.toBe(first)
    expect(again).toEqual(first)
  })
})
