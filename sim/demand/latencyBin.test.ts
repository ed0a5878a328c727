import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BINS_PER_DECADE, LAST_BIN, latencyBin, SMALLEST_EDGE } from './latencyBin.ts'

describe('latencyBin', () => {
  it('puts a latency in the bin whose edges hold it, 20 per decade from 1 ms to 10^6 s', () => {
    fc.assert(
      fc.property(fc.double({ min: 1.001e-3, max: 9.99e5, noNaN: true }), (seconds) => {
        const bin = latencyBin(seconds)
        const lower = SMALLEST_EDGE * 10 ** ((bin - 1) / BINS_PER_DECADE)
        const upper = SMALLEST_EDGE * 10 ** (bin / BINS_PER_DECADE)
        // A latency on an edge may land either side of it by rounding of the logarithm.
        expect(seconds).toBeGreaterThanOrEqual(lower * (1 - 1e-12))
        expect(seconds).toBeLessThan(upper * (1 + 1e-12))
      }),
    )
  })

  it('keeps everything below 1 ms in bin 0 and everything from 10^6 s in the last bin', () => {
    expect(latencyBin(0)).toBe(0)
    expect(latencyBin(9e-4)).toBe(0)
    expect(latencyBin(1e-3)).toBe(1)
    expect(latencyBin(1e6)).toBe(LAST_BIN)
    expect(latencyBin(1e9)).toBe(LAST_BIN)
  })
})
