/** One catalog decoder's measured tolerance. */
export type CatalogTolerance = { name: string; used: number; measured_spread: number; floored: boolean }

/** A decoder's generation tolerance beside the figure `tolerance: auto` measured for it. */
export type GenerationToleranceRecord = {
  min_overlap: number
  token_margin: number
  honest_min_overlap: number
  honest_max_token_gap: number
}

/**
 * One measured `tolerance: auto` as manifest.json records it: lab/ writes it (buildManifest,
 * mergeShards), the report reads it back; one shape so neither can drift from the other.
 */
export type ManifestTolerance = {
  auto: true
  measured_spread: number
  margin: number
  used: number
  floored: boolean
  /**
   * A decoder's: `used` is the generation tolerance's maxValueDistance; its other two fields
   * (kept at their defaults) and the honest worst of each, measured beside the spread.
   */
  generation?: GenerationToleranceRecord
  /**
   * A catalog of decoders: each decoder's own figure (its generation tolerance's
   * maxValueDistance) and the spread it was measured from; `used` above is the first's.
   */
  catalog?: CatalogTolerance[]
  /** The sweep points that ran with it, ascending. */
  points: number[]
  rule: string
}
