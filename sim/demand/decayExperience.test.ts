import { describe, expect, it } from 'vitest'
import { createExperience } from './createExperience.ts'
import { decayExperience } from './decayExperience.ts'
import { observe } from './observe.ts'
import { publicSignal } from './publicSignal.ts'

describe('decayExperience', () => {
  it('halves every sum each half-life, and leaves the input as it was', () => {
    let memory = createExperience(100)
    memory = observe(memory, 0, { latency: 2, failed: true, fraud: 0.5 })
    memory = publicSignal(memory, 0, { slashes: 4, incidents: 2 })
    const aged = decayExperience(memory, 300)
    expect(aged).toMatchObject({ at: 300, requests: 1 / 8, failed: 1 / 8, frauds: 1 / 8, fraudLoss: 0.5 / 8 })
    expect(aged.slashes).toBe(0.5)
    expect(aged.incidents).toBe(0.25)
    expect([...aged.latency.values()]).toEqual([1 / 8])
    expect(memory).toMatchObject({ at: 0, requests: 1, slashes: 4 })
  })

  it('never forgets with an infinite half-life, and drops bins once they weigh nothing', () => {
    const forever = observe(createExperience(Number.POSITIVE_INFINITY), 0, {
      latency: 1,
      failed: false,
      fraud: 0,
    })
    expect(decayExperience(forever, 1e9).requests).toBe(1)
    const brief = observe(createExperience(1), 0, { latency: 1, failed: false, fraud: 0 })
    expect(decayExperience(brief, 30).latency.size).toBe(1)
    expect(decayExperience(brief, 50).latency.size).toBe(0)
  })

  it('refuses to go back in time', () => {
    const memory = createExperience(10, { at: 50 })
    expect(() => decayExperience(memory, 49)).toThrow(/at 50 s, asked for 49 s/)
  })
})
