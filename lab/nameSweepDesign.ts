import type { Sweep } from '../scenarios/index.ts'

/**
 * The design a sweep used, as summary.json names it: `grid`, `zip`, `random`, `zip×grid` when
 * zipped rows are crossed with a grid (see expandSweep), or `none` without a sweep.
 */
export function nameSweepDesign(sweep: Sweep | undefined): string {
  if (sweep?.random) return 'random'
  const parts = [sweep?.zip ? 'zip' : undefined, sweep?.grid ? 'grid' : undefined].filter(Boolean)
  return parts.length > 0 ? parts.join('×') : 'none'
}
