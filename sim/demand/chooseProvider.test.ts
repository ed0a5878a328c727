import { describe, expect, it } from 'vitest'
import { createRngStreams } from '../rngStreams.ts'
import { chooseProvider } from './chooseProvider.ts'
import { logitShares } from './logitShares.ts'

describe('chooseProvider', () => {
  it('chooses each provider as often as its logit share, within four standard errors', () => {
    const rng = createRngStreams(3, 0).stream('requester/1', 'choice')
    const utilities = [0.2, -0.7, 1.1, Number.NEGATIVE_INFINITY]
    const shares = logitShares(utilities)
    const draws = 20_000
    const counts = [0, 0, 0, 0]
    for (let i = 0; i < draws; i++) {
      const chosen = chooseProvider(rng, utilities)
      counts[chosen as number] = (counts[chosen as number] as number) + 1
    }
    shares.forEach((s, i) => {
      expect(Math.abs((counts[i] as number) / draws - s)).toBeLessThanOrEqual(
        4 * Math.sqrt((s * (1 - s)) / draws),
      )
    })
    expect(counts[3]).toBe(0)
  })

  it('takes exactly one draw per call, and maps the draw onto cumulative shares', () => {
    let calls = 0
    const fixed = (u: number) => () => {
      calls++
      return u
    }
    // Shares 0.5, 0, 0.5: the out provider is skipped on both sides of the boundary.
    const utilities = [0, Number.NEGATIVE_INFINITY, 0]
    expect(chooseProvider(fixed(0.49), utilities)).toBe(0)
    expect(chooseProvider(fixed(0.5), utilities)).toBe(2)
    expect(chooseProvider(fixed(1 - 2 ** -53), utilities)).toBe(2)
    expect(calls).toBe(3)
  })

  it('chooses nobody when every provider is out, still taking its draw', () => {
    let calls = 0
    const rng = () => {
      calls++
      return 0.3
    }
    expect(chooseProvider(rng, [Number.NEGATIVE_INFINITY])).toBeNull()
    expect(chooseProvider(rng, [])).toBeNull()
    expect(calls).toBe(2)
  })
})
