/** Counts of values per bin; bin i holds values in [edges[i], edges[i + 1]). */
export type Histogram = { edges: number[]; counts: number[] }

/**
 * Fixed log-spaced edges, four bins per decade from 1 s to 10^7 s with one bin below and above,
 * so histograms of different runs share their bins and add up across replicates.
 */
export const LATENCY_EDGES: readonly number[] = [
  0,
  ...Array.from({ length: 29 }, (_, i) => Number((10 ** (i / 4)).toPrecision(4))),
]

/** Histogram of finality latencies (virtual seconds) over LATENCY_EDGES; the last bin is open. */
export function latencyHistogram(values: Iterable<number>): Histogram {
  const edges = [...LATENCY_EDGES]
  const counts = edges.map(() => 0)
  for (const v of values) {
    let lo = 0
    let hi = edges.length - 1
    // The last edge not above v.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((edges[mid] as number) <= v) lo = mid
      else hi = mid - 1
    }
    counts[lo] = (counts[lo] as number) + 1
  }
  return { edges, counts }
}
