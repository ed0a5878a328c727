import type { RunSpec } from '../sim/index.ts'
import type { ManifestTolerance } from './manifestTolerance.ts'

/**
 * The tolerance a run used, with the spread and margin it came from, when `tolerance: auto`
 * measured it; undefined for a tolerance the scenario gave. On a decoder the figure is the generation
 * tolerance's maxValueDistance, with its other two fields and the honest worst of each beside it. summary.json records it as is, and
 * manifest.json once per distinct figure with the points that used it.
 */
export function measuredTolerance(
  spec: Pick<RunSpec, 'tolerance' | 'toleranceAuto' | 'generationTolerance' | 'catalog'>,
): Omit<ManifestTolerance, 'points' | 'rule'> | undefined {
  const measured = spec.toleranceAuto?.measured
  if (!spec.toleranceAuto || !measured) return undefined
  const catalog = spec.catalog?.models.flatMap((m) =>
    m.generationTolerance && m.toleranceMeasured
      ? [
          {
            name: m.name,
            used: m.generationTolerance.maxValueDistance,
            measured_spread: m.toleranceMeasured.spread,
            floored: m.toleranceMeasured.floored,
          },
        ]
      : [],
  )
  return {
    auto: true,
    measured_spread: measured.spread,
    margin: spec.toleranceAuto.margin,
    used: spec.tolerance,
    floored: measured.floored,
    ...(measured.generation && spec.generationTolerance
      ? {
          generation: {
            min_overlap: spec.generationTolerance.minOverlap,
            token_margin: spec.generationTolerance.tokenMargin,
            honest_min_overlap: measured.generation.minOverlap,
            honest_max_token_gap: measured.generation.maxTokenGap,
          },
        }
      : {}),
    ...(catalog && catalog.length > 0 ? { catalog } : {}),
  }
}
