import type { RunSpec } from '../sim/index.ts'
import type { ManifestTolerance } from './manifestTolerance.ts'

/**
 * The tolerance a run used, with the spread and margin it came from, when `tolerance: auto`
 * measured it; undefined for a tolerance the scenario gave. summary.json records it as is, and
 * manifest.json once per distinct figure with the points that used it.
 */
export function measuredTolerance(
  spec: Pick<RunSpec, 'tolerance' | 'toleranceAuto'>,
): Omit<ManifestTolerance, 'points' | 'rule'> | undefined {
  const measured = spec.toleranceAuto?.measured
  if (!spec.toleranceAuto || !measured) return undefined
  return {
    auto: true,
    measured_spread: measured.spread,
    margin: spec.toleranceAuto.margin,
    used: spec.tolerance,
    floored: measured.floored,
  }
}
