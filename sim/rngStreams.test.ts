import { describe, expect, it } from 'vitest'
import { bernoulli, createRngStreams, exponential } from './rngStreams.ts'

const draws = (rng: () => number, n: number) => Array.from({ length: n }, rng)

describe('createRngStreams', () => {
  it('gives the same draws for the same (seed, replicate, entity, purpose)', () => {
    const a = createRngStreams(7, 0).stream('host-3', 'cheat')
    const b = createRngStreams(7, 0).stream('host-3', 'cheat')
    expect(draws(a, 100)).toEqual(draws(b, 100))
  })

  it('gives different draws when any part of the key differs', () => {
    const base = draws(createRngStreams(7, 0).stream('host-3', 'cheat'), 20)
    expect(draws(createRngStreams(8, 0).stream('host-3', 'cheat'), 20)).not.toEqual(base)
    expect(draws(createRngStreams(7, 1).stream('host-3', 'cheat'), 20)).not.toEqual(base)
    expect(draws(createRngStreams(7, 0).stream('host-4', 'cheat'), 20)).not.toEqual(base)
    expect(draws(createRngStreams(7, 0).stream('host-3', 'input'), 20)).not.toEqual(base)
  })

  it("leaves one entity's draws unchanged when another entity's stream is used in between", () => {
    const alone = createRngStreams(1, 0)
    const a1 = draws(alone.stream('host-0', 'cheat'), 10)
    const crowded = createRngStreams(1, 0)
    const a2: number[] = []
    for (let i = 0; i < 10; i++) {
      a2.push(crowded.stream('host-0', 'cheat')())
      crowded.stream(`host-${i + 1}`, 'cheat')()
    }
    expect(a2).toEqual(a1)
  })

  it('draws exponential waits with the requested mean and Bernoulli trials with the requested p', () => {
    const rng = createRngStreams(3, 0).stream('requester-0', 'arrivals')
    const n = 20_000
    let sum = 0
    for (let i = 0; i < n; i++) sum += exponential(rng, 4)
    expect(sum / n).toBeGreaterThan(0.24)
    expect(sum / n).toBeLessThan(0.26)
    let hits = 0
    for (let i = 0; i < n; i++) if (bernoulli(rng, 0.1)) hits++
    expect(hits / n).toBeGreaterThan(0.09)
    expect(hits / n).toBeLessThan(0.11)
  })
})
