import type { DemandSpec } from '../runSpec.ts'

/**
 * The segments whose traffic counts as production in the market's metrics: every segment some
 * segment's conversion rule converts into, and every segment that neither trials
 * (trialLength 0) nor converts. With the default segments: `production`. A segment that trials
 * without converting is experimentation that never graduates, so it is not production either.
 */
export function productionSegments(demand: DemandSpec): Set<string> {
  const production = new Set<string>()
  for (const { segment } of demand.segments) if (segment.conversion) production.add(segment.conversion.into)
  for (const { name, segment } of demand.segments)
    if (segment.trialLength === 0 && !segment.conversion) production.add(name)
  return production
}
