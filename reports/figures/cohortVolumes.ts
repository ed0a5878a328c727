import type { Market } from './marketOf.ts'

/**
 * Each cohort's network volume per period since arrival, summed over `segments` (all when
 * undefined): index N is the cohort's period N, 0 where it sent nothing, and the list ends at the
 * run's last full period. A partial last period is left out, as the book leaves it out of R(N):
 * its volume over less time would read as a cohort leaving.
 */
export function cohortVolumes(market: Market, segments?: readonly string[]): Map<number, number[]> {
  const full = market.periods.filter((row) => !row.partial)
  const last = full.at(-1)?.period ?? 0
  const cohorts = new Map<number, number[]>()
  for (const row of full) {
    for (const [key, bySegment] of Object.entries(row.cohorts)) {
      const cohort = Number(key)
      let volumes = cohorts.get(cohort)
      if (!volumes) {
        volumes = Array.from({ length: last - cohort + 1 }, () => 0)
        cohorts.set(cohort, volumes)
      }
      const n = row.period - cohort
      for (const [segment, volume] of Object.entries(bySegment))
        if (!segments || segments.includes(segment)) volumes[n] = (volumes[n] ?? 0) + volume
    }
  }
  return new Map([...cohorts.entries()].sort(([a], [b]) => a - b))
}
