import { BaseError } from '../sim/errors.ts'
import type { InferenceResult } from '../sim/ports.ts'
import { digestCheckpoint } from './digestCheckpoint.ts'
import type { OpenVariant } from './types.ts'

/**
 * Runs one job on an open variant and digests its result, and every checkpoint if asked; the
 * output's values come back too unless `keepOutput` is false.
 */
export async function runInference(
  open: OpenVariant,
  inputSeed: number,
  tolerance: number,
  everyCheckpoint = true,
  keepOutput = true,
): Promise<InferenceResult> {
  const checkpoints = await open.run(inputSeed)
  const output = checkpoints.at(-1)
  if (!output) throw new BaseError('model has no checkpoints')
  const layerDigests = everyCheckpoint ? checkpoints.map((values) => digestCheckpoint(values, tolerance)) : []
  const resultDigest = layerDigests.at(-1) ?? digestCheckpoint(output, tolerance)
  // A view into a larger buffer would drag all of it across threads: keep only the output's bytes.
  const values = !keepOutput
    ? new Float32Array(0)
    : output.byteLength === output.buffer.byteLength
      ? output
      : output.slice()
  return { layerDigests, resultDigest, output: values, flops: open.flops }
}
