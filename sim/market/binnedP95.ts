import { BINS_PER_DECADE, LAST_BIN, SMALLEST_EDGE } from '../demand/latencyBin.ts'

const edge = (i: number) => SMALLEST_EDGE * 10 ** (i / BINS_PER_DECADE)

/**
 * The 95th percentile of a histogram on demand/latencyBin's grid, within one bin of the exact value
 * (bins are a factor 10^(1/20) ≈ 1.12 wide),
 * interpolated geometrically within a bin (linearly in bin 0, which starts at 0); the open last
 * bin gives its lower edge. Null when the histogram is empty. A fixed grid keeps a period's or a
 * run's latencies a few hundred numbers however many requests it had.
 */
export function binnedP95(bins: ReadonlyMap<number, number>): number | null {
  let total = 0
  for (const weight of bins.values()) total += weight
  if (!(total > 0)) return null
  const target = 0.95 * total
  let cumulative = 0
  const order = [...bins.keys()].sort((a, b) => a - b)
  for (const bin of order) {
    const weight = bins.get(bin) as number
    if (weight > 0 && cumulative + weight >= target) {
      const fraction = (target - cumulative) / weight
      if (bin === 0) return fraction * SMALLEST_EDGE
      if (bin === LAST_BIN) return edge(bin - 1)
      const lower = edge(bin - 1)
      return lower * (edge(bin) / lower) ** fraction
    }
    cumulative += weight
  }
  return edge((order[order.length - 1] as number) - 1)
}
