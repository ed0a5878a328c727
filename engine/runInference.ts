import { Tensor } from 'onnxruntime-node'
import { BaseError } from '../sim/errors.ts'
import type { InferenceResult } from '../sim/ports.ts'
import { digestCheckpoint } from './digestCheckpoint.ts'
import { inputFromSeed } from './inputFromSeed.ts'
import type { OpenModel } from './types.ts'

/** Runs one input through an open model and digests every checkpoint. */
export async function runInference(
  open: OpenModel,
  inputSeed: number,
  tolerance: number,
): Promise<InferenceResult> {
  const { model, session } = open
  const input = new Tensor('float32', inputFromSeed(inputSeed, model.inputSize), model.inputShape)
  const outputs = await session.run({ [model.inputName]: input })
  const layerDigests = model.checkpointNames.map((name) => {
    const data = outputs[name]?.data
    if (!(data instanceof Float32Array))
      throw new BaseError(`checkpoint ${name} did not come back as float32`)
    return digestCheckpoint(data, tolerance)
  })
  const resultDigest = layerDigests.at(-1)
  if (!resultDigest) throw new BaseError('model has no checkpoints')
  return { layerDigests, resultDigest, flops: model.flops }
}
