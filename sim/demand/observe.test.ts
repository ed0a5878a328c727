import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { createExperience } from './createExperience.ts'
import { observe } from './observe.ts'

describe('observe', () => {
  it('adds one request to the aged sums, counting failures, frauds and their loss', () => {
    let memory = createExperience(10)
    memory = observe(memory, 0, { latency: 1, failed: false, fraud: 0 })
    memory = observe(memory, 10, { latency: 100, failed: true, fraud: 0 })
    memory = observe(memory, 10, { latency: 2, failed: false, fraud: 0.25 })
    expect(memory).toMatchObject({ at: 10, requests: 2.5, failed: 1, frauds: 1, fraudLoss: 0.25 })
    expect([...memory.latency.values()].reduce((a, b) => a + b, 0)).toBe(2.5)
  })

  it('returns a new memory and leaves the one it was given untouched', () => {
    const before = observe(createExperience(10), 0, { latency: 1, failed: false, fraud: 0 })
    const bins = new Map(before.latency)
    observe(before, 5, { latency: 1, failed: true, fraud: 1 })
    expect(before).toMatchObject({ at: 0, requests: 1, failed: 0, frauds: 0 })
    expect(before.latency).toEqual(bins)
  })

  it('refuses a negative or infinite latency and a negative fraud loss', () => {
    const memory = createExperience(10)
    expect(() => observe(memory, 0, { latency: -1, failed: false, fraud: 0 })).toThrow(InputError)
    expect(() => observe(memory, 0, { latency: Number.POSITIVE_INFINITY, failed: true, fraud: 0 })).toThrow(
      /time the requester waited/,
    )
    expect(() => observe(memory, 0, { latency: 1, failed: false, fraud: -0.1 })).toThrow(/got -0.1/)
  })
})
