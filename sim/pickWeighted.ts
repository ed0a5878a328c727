/**
 * Index drawn with probability proportional to its weight (zero weights never win), from one
 * uniform draw u in [0, 1). Returns -1 when every weight is zero.
 */
export function pickWeighted(weights: readonly number[], u: number): number {
  let total = 0
  for (const w of weights) total += w
  if (total <= 0) return -1
  let target = u * total
  let last = -1
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number
    if (w <= 0) continue
    last = i
    if (target < w) return i
    target -= w
  }
  return last
}
