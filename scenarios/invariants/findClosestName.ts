/**
 * The candidate nearest to `name` by edit distance (insertions, deletions, substitutions and
 * swaps of two neighbours, since transposed letters are the commonest typo: `cheater_retrun`),
 * or undefined when even the nearest is too far to be a plausible typo. Ties go to the earlier
 * candidate so suggestions are stable.
 */
export function findClosestName(name: string, candidates: Iterable<string>): string | undefined {
  // A third of the name's length, at least 2: close enough to be a slip, not a different word.
  const limit = Math.max(2, Math.floor(name.length / 3))
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of candidates) {
    const d = editDistance(name, candidate)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

/** Optimal string alignment distance, by the usual dynamic programme over three rows. */
function editDistance(a: string, b: string): number {
  let before = new Array<number>(b.length + 1).fill(0)
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] ?? 0) + 1)
      current.push(d)
    }
    before = previous
    previous = current
  }
  return previous[b.length] ?? 0
}
