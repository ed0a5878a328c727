import type { ChunkDigest } from './generationTypes.ts'
import type { ChunkVerdict } from './verifyGeneration.ts'

export type DigestDistance = Pick<
  ChunkVerdict,
  'meanOverlap' | 'minOverlap' | 'meanValueDistance' | 'maxValueDistance'
>

/**
 * Token by token: how many claimed indices the verifier also has, and how far their values sit.
 * The one-prefill check compares each chunk's digest so, and the referee its one block's.
 */
export function compareDigests(mine: ChunkDigest, theirs: ChunkDigest | null, k: number): DigestDistance {
  if (!theirs)
    return { meanOverlap: 0, minOverlap: 0, meanValueDistance: Infinity, maxValueDistance: Infinity }
  let overlapSum = 0
  let minOverlap = 1
  let distanceSum = 0
  let maxValueDistance = 0
  let shared = 0
  for (let t = 0; t < mine.count; t++) {
    const own = new Map<number, number>()
    for (let i = t * k; i < (t + 1) * k; i++) own.set(mine.indices[i] as number, mine.values[i] as number)
    let found = 0
    for (let i = t * k; i < (t + 1) * k; i++) {
      const value = own.get(theirs.indices[i] as number)
      if (value === undefined) continue
      found++
      const distance = Math.abs(value - (theirs.values[i] as number))
      distanceSum += distance
      maxValueDistance = Math.max(maxValueDistance, distance)
      shared++
    }
    overlapSum += found / k
    minOverlap = Math.min(minOverlap, found / k)
  }
  // No shared index at all leaves no value to compare: as far apart as values can be.
  if (shared === 0)
    return { meanOverlap: 0, minOverlap: 0, meanValueDistance: Infinity, maxValueDistance: Infinity }
  return {
    meanOverlap: overlapSum / mine.count,
    minOverlap,
    meanValueDistance: distanceSum / shared,
    maxValueDistance,
  }
}
