import type { InferenceResult } from '../../sim/index.ts'
import type { OpenVariant } from '../build/types.ts'
import { digestRun } from './digestRun.ts'

/**
 * Runs one job on an open variant and digests its result, and every checkpoint if asked; the
 * output's values come back too unless `keepOutput` is false. The reference for runJobs, which
 * does the same for a batch.
 */
export async function runInference(
  open: OpenVariant,
  inputSeed: number,
  tolerance: number,
  everyCheckpoint = true,
  keepOutput = true,
): Promise<InferenceResult> {
  const checkpoints = await open.run(inputSeed)
  const { layerDigests, resultDigest } = digestRun(checkpoints, tolerance, everyCheckpoint)
  const output = checkpoints[checkpoints.length - 1] as Float32Array
  // A view into a larger buffer would drag all of it across threads: keep only the output's bytes.
  const values = !keepOutput
    ? new Float32Array(0)
    : output.byteLength === output.buffer.byteLength
      ? output
      : output.slice()
  return { layerDigests, resultDigest, output: values, flops: open.flops }
}
