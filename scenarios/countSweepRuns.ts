import type { Sweep } from './schema.ts'

/**
 * Runs a sweep asks for (points × replicates), from the list lengths alone, so a plan too large
 * to hold is refused before any point exists. A product too large for exact arithmetic is still
 * far above any limit.
 */
export function countSweepRuns(sweep: Sweep | undefined): number {
  if (!sweep) return 1
  const points = sweep.random
    ? sweep.random.samples
    : (Object.values(sweep.zip ?? {})[0]?.length ?? 1) *
      Object.values(sweep.grid ?? {}).reduce((product, values) => product * values.length, 1)
  return points * sweep.replicates
}
