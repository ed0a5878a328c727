/**
 * Stake-weighted choice among many hosts in O(log n) per draw and per stake change: a Fenwick
 * tree over the weights. A linear scan would make a run with 10,000 hosts and a million jobs
 * spend its time choosing hosts instead of simulating them.
 */
export type WeightedPicker = {
  set(index: number, weight: number): void
  weight(index: number): number
  readonly total: number
  /** The index whose cumulative-weight interval holds u × total (u in [0, 1)); -1 when total is 0. */
  pick(u: number): number
}

export function createWeightedPicker(weights: readonly number[]): WeightedPicker {
  const n = weights.length
  const tree = new Float64Array(n + 1)
  const values = new Float64Array(n)
  let total = 0
  const add = (index: number, delta: number) => {
    for (let i = index + 1; i <= n; i += i & -i) tree[i] = (tree[i] as number) + delta
    total += delta
  }
  // biome-ignore lint/complexity/useMathMinMax: a NaN weight must count as zero, where Math.max gives NaN.
  const clean = (w: number) => (w > 0 ? w : 0)
  weights.forEach((w, i) => {
    values[i] = clean(w)
    add(i, clean(w))
  })
  let top = 1
  while (top * 2 <= n) top *= 2
  return {
    set(index, weight) {
      add(index, clean(weight) - (values[index] as number))
      values[index] = clean(weight)
    },
    weight: (index) => values[index] as number,
    get total() {
      return total
    },
    pick(u) {
      if (!(total > 0)) return -1
      let target = u * total
      let pos = 0
      for (let step = top; step > 0; step >>= 1) {
        const next = pos + step
        if (next <= n && (tree[next] as number) <= target) {
          pos = next
          target -= tree[next] as number
        }
      }
      // Rounding can land past the last positive weight; step back to a host that can serve.
      let index = Math.min(pos, n - 1)
      while (index > 0 && (values[index] as number) <= 0) index--
      while (index < n - 1 && (values[index] as number) <= 0) index++
      return (values[index] as number) > 0 ? index : -1
    },
  }
}
