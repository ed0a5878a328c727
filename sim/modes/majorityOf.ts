/**
 * Which results belong to the winning group: the largest set of results that agree with one of
 * them, if it is a strict majority. Without a strict majority (ties, all disagree) nobody wins.
 * Ties between equally large groups go to no one, so the outcome never depends on order.
 */
export function majorityOf<T>(results: readonly T[], agree: (a: T, b: T) => boolean): boolean[] {
  const groups = results.map((a) => results.map((b) => agree(a, b)))
  let best = -1
  let bestSize = 0
  groups.forEach((members, i) => {
    const size = members.filter(Boolean).length
    if (size > bestSize) {
      best = i
      bestSize = size
    }
  })
  if (best < 0 || bestSize * 2 <= results.length) return results.map(() => false)
  return groups[best] as boolean[]
}
