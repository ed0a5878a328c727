import type { PeriodRow } from '../../sim/index.ts'

/**
 * The production segments a periods file implies when the scenario is not at hand: those that
 * never ended a trial (a trial's segment is experimental by definition), in the order segments
 * first appear.
 */
export function inferProduction(periods: readonly PeriodRow[]): string[] {
  const trialing = new Set(
    periods.flatMap((p) =>
      Object.entries(p.segments)
        .filter(([, s]) => s.trialsEnded > 0)
        .map(([name]) => name),
    ),
  )
  return [...new Set(periods.flatMap((p) => Object.keys(p.segments)))].filter((s) => !trialing.has(s))
}
