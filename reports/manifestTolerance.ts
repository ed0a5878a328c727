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
  /** The sweep points that ran with it, ascending. */
  points: number[]
  rule: string
}
