/** Demand shares of `count` models by rank under a Zipf law of exponent `s`: share_i ∝ 1 / i^s. */
export function zipfShares(count: number, s: number): number[] {
  const weights = Array.from({ length: count }, (_, i) => 1 / (i + 1) ** s)
  const total = weights.reduce((a, b) => a + b, 0)
  return weights.map((w) => w / total)
}
