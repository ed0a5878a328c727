import { BaseError } from '../sim/errors.ts'
import type { InferenceResult } from '../sim/ports.ts'
import { digestCheckpoint } from './digestCheckpoint.ts'
import type { OpenVariant } from './types.ts'

/** Runs one job on an open variant and digests every checkpoint. */
export async function runInference(
  open: OpenVariant,
  inputSeed: number,
  tolerance: number,
): Promise<InferenceResult> {
  const checkpoints = await open.run(inputSeed)
  const layerDigests = checkpoints.map((values) => digestCheckpoint(values, tolerance))
  const resultDigest = layerDigests.at(-1)
  const output = checkpoints.at(-1)
  if (!resultDigest || !output) throw new BaseError('model has no checkpoints')
  return { layerDigests, resultDigest, output: Array.from(output), flops: open.flops }
}
