import { BaseError } from '../../errors/index.ts'
import type { Hex } from '../../sim/index.ts'
import { digestCheckpoint } from './digestCheckpoint.ts'

/**
 * A run's digests from its checkpoints' values: every checkpoint's when asked, and the result's
 * (the last checkpoint's) always, computed once.
 */
export function digestRun(
  checkpoints: readonly Float32Array[],
  tolerance: number,
  everyCheckpoint: boolean,
): { layerDigests: Hex[]; resultDigest: Hex } {
  const output = checkpoints[checkpoints.length - 1]
  if (!output) throw new BaseError('model has no checkpoints')
  if (!everyCheckpoint) return { layerDigests: [], resultDigest: digestCheckpoint(output, tolerance) }
  const layerDigests = checkpoints.map((values) => digestCheckpoint(values, tolerance))
  return { layerDigests, resultDigest: layerDigests[layerDigests.length - 1] as Hex }
}
