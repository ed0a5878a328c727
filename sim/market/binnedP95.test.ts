import { describe, expect, it } from 'vitest'
import { addLatency } from './addLatency.ts'
import { binnedP95 } from './binnedP95.ts'

describe('binnedP95', () => {
  it('is null for an empty histogram', () => {
    expect(binnedP95(new Map())).toBeNull()
  })

  it('reads the p95 of spread latencies within a bin (a factor 1.12)', () => {
    const bins = new Map<number, number>()
    // 1 … 100 s, one request each: the exact p95 (nearest rank) is 95 s.
    for (let s = 1; s <= 100; s++) addLatency(bins, s, 1)
    const p95 = binnedP95(bins) as number
    expect(p95).toBeGreaterThanOrEqual(95 / 1.123)
    expect(p95).toBeLessThanOrEqual(95 * 1.123)
  })

  it('weighs each latency by its weight', () => {
    const bins = new Map<number, number>()
    addLatency(bins, 1, 99)
    addLatency(bins, 50, 1)
    expect(binnedP95(bins) as number).toBeLessThan(1.2)
    addLatency(bins, 50, 10)
    expect(binnedP95(bins) as number).toBeGreaterThan(45)
  })
})
