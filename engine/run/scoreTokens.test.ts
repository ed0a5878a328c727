import { describe, expect, it } from 'vitest'
import { scoreTokens } from './scoreTokens.ts'

const argmax = (scores: Float64Array) => scores.indexOf(Math.max(...scores))

describe('scoreTokens', () => {
  it('is greedy on the logits themselves', () => {
    const logits = Float32Array.from([0.1, 2, -1, 1.9])
    expect(argmax(scoreTokens(logits, { kind: 'greedy' }, 5))).toBe(1)
  })

  it('samples from softmax(logits / temperature) over positions, reproducibly from the seed', () => {
    const logits = Float32Array.from([0, 1, 2, -1])
    const temperature = 0.7
    const weights = [...logits].map((x) => Math.exp(x / temperature))
    const total = weights.reduce((a, b) => a + b, 0)
    const draws = 20_000
    const counts = new Array<number>(4).fill(0)
    const sampling = { kind: 'sample', temperature, seed: 11 } as const
    for (let position = 0; position < draws; position++) {
      const index = argmax(scoreTokens(logits, sampling, position))
      counts[index] = (counts[index] ?? 0) + 1
    }
    for (const [i, count] of counts.entries()) {
      const p = (weights[i] as number) / total
      // Five standard deviations of a binomial count.
      expect(Math.abs(count - draws * p), `token ${i}`).toBeLessThan(5 * Math.sqrt(draws * p * (1 - p)))
    }
    expect(scoreTokens(logits, sampling, 3)).toEqual(scoreTokens(logits, sampling, 3))
    expect(scoreTokens(logits, sampling, 3)).not.toEqual(scoreTokens(logits, { ...sampling, seed: 12 }, 3))
  })
})
