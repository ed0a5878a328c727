import { describe, expect, it } from 'vitest'
import { LATENCY_EDGES, latencyHistogram } from './latencyHistogram.ts'

describe('latencyHistogram', () => {
  it('puts each value in the bin whose lower edge is the last not above it', () => {
    const h = latencyHistogram([0, 0.5, 1, 1.5, 10, 99, 100, 1e9])
    expect(h.edges).toEqual(LATENCY_EDGES)
    const at = (edge: number) => h.counts[h.edges.indexOf(edge)]
    expect(at(0)).toBe(2)
    expect(at(1)).toBe(2)
    expect(at(10)).toBe(1)
    expect(at(56.23)).toBe(1)
    expect(at(100)).toBe(1)
    expect(h.counts.at(-1)).toBe(1)
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(8)
  })

  it('has increasing edges, four per decade', () => {
    for (let i = 1; i < LATENCY_EDGES.length; i++) {
      expect(LATENCY_EDGES[i] as number).toBeGreaterThan(LATENCY_EDGES[i - 1] as number)
    }
    expect(LATENCY_EDGES.slice(0, 6)).toEqual([0, 1, 1.778, 3.162, 5.623, 10])
  })
})
