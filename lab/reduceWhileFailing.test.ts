import { describe, expect, it } from 'vitest'
import { reduceWhileFailing, type TrialOutcome } from './reduceWhileFailing.ts'

describe('reduceWhileFailing', () => {
  it('halves every axis while the failure persists, down to the floors', async () => {
    const tried: Record<string, number>[] = []
    const reduced = await reduceWhileFailing(
      { hosts: 16, duration: 240 },
      [
        { path: 'hosts', floor: 2 },
        { path: 'duration', floor: 24 },
      ],
      async (v) => {
        tried.push(v)
        // Needs at least 4 hosts to fail; duration never matters.
        return (v.hosts as number) >= 4 ? 'fails' : 'passes'
      },
      50,
    )
    expect(reduced.values).toEqual({ hosts: 4, duration: 24 })
    expect(reduced.trials).toBe(tried.length)
    expect(tried.some((v) => v.hosts === 2)).toBe(true)
  })

  it('skips invalid settings without spending the budget, trying the next larger value instead', async () => {
    // Say any count below 6 is invalid (as replication with k = 6 makes it).
    const outcomes: [number, TrialOutcome][] = []
    const reduced = await reduceWhileFailing(
      { hosts: 8 },
      [{ path: 'hosts', floor: 2 }],
      async (v) => {
        const outcome: TrialOutcome = (v.hosts as number) < 6 ? 'invalid' : 'fails'
        outcomes.push([v.hosts as number, outcome])
        return outcome
      },
      1,
    )
    expect(reduced.values.hosts).toBe(6)
    expect(reduced.trials).toBe(1)
    expect(outcomes).toEqual([
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'fails'],
    ])
  })

  it('keeps only settings that still fail, and stops at the budget', async () => {
    const reduced = await reduceWhileFailing(
      { a: 64, b: 64 },
      [
        { path: 'a', floor: 1 },
        { path: 'b', floor: 1 },
      ],
      async () => 'fails',
      3,
    )
    expect(reduced.trials).toBe(3)
    expect(reduced.values).toEqual({ a: 16, b: 32 })
    const none = await reduceWhileFailing({ a: 8 }, [{ path: 'a', floor: 1 }], async () => 'passes', 10)
    expect(none).toEqual({ values: { a: 8 }, trials: 1 })
  })
})
