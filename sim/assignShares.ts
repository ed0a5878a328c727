import type { RngStreams } from './rngStreams.ts'

/**
 * Give each of `count` entities one of the keys of `shares`, with exact counts (largest
 * remainder rounding of count × share). Which entity gets which key follows each entity's own
 * draw, so the choice is spread over the index range and depends only on the seed.
 */
export function assignShares<K extends string>(
  rng: RngStreams,
  entity: string,
  count: number,
  shares: Record<K, number>,
): K[] {
  const keys = Object.keys(shares) as K[]
  const quotas = keys.map((k) => {
    const exact = count * shares[k]
    return { exact, whole: Math.floor(exact) }
  })
  let left = count - quotas.reduce((a, q) => a + q.whole, 0)
  const byRemainder = quotas
    .map((q, i) => ({ i, remainder: q.exact - q.whole }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i)
  for (const { i } of byRemainder) {
    if (left <= 0) break
    ;(quotas[i] as { whole: number }).whole++
    left--
  }
  const counts = quotas.map((q) => q.whole)
  const order = Array.from({ length: count }, (_, i) => ({
    i,
    draw: rng.stream(`${entity}-${i}`, 'behaviour')(),
  }))
  order.sort((a, b) => a.draw - b.draw || a.i - b.i)
  const out: K[] = Array(count)
  let at = 0
  keys.forEach((key, k) => {
    for (let n = 0; n < (counts[k] as number); n++) out[(order[at++] as { i: number }).i] = key
  })
  return out
}
