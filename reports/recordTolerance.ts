import type { RunSpec } from '../sim/index.ts'
import type { CatalogTolerance, GenerationToleranceRecord } from './manifestTolerance.ts'
import { measuredTolerance } from './measuredTolerance.ts'

/** The tolerance one run compared at, as its record keeps it. */
export type RecordTolerance = {
  /** 0 means exact comparison. */
  tolerance: number
  /** `tolerance: auto` only: the measured honest spread and margin the tolerance came from. */
  tolerance_auto?: {
    measured_spread: number
    margin: number
    floored: boolean
    generation?: GenerationToleranceRecord
    /** A catalog of decoders: each decoder's own measured figure. */
    catalog?: CatalogTolerance[]
  }
}

/**
 * What a run record says of its tolerance: a measured one depends on the CPU that measured it,
 * so each run keeps the figure it used, for runs.csv and scenario.resolved.yaml to show.
 */
export function recordTolerance(
  spec: Pick<RunSpec, 'tolerance' | 'toleranceAuto' | 'generationTolerance' | 'catalog'>,
): RecordTolerance {
  const measured = measuredTolerance(spec)
  return {
    tolerance: spec.tolerance,
    ...(measured
      ? {
          tolerance_auto: {
            measured_spread: measured.measured_spread,
            margin: measured.margin,
            floored: measured.floored,
            ...(measured.generation ? { generation: measured.generation } : {}),
            ...(measured.catalog ? { catalog: measured.catalog } : {}),
          },
        }
      : {}),
  }
}
