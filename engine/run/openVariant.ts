import { Tensor } from 'onnxruntime-node'
import { BaseError } from '../../errors/index.ts'
import type { HardwareProfile } from '../../sim/index.ts'
import { roundWeightsToFloat16 } from '../build/roundWeightsToFloat16.ts'
import type { BuiltModel, OpenVariant } from '../build/types.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { openSession } from './openSession.ts'
import { recentInput } from './recentInput.ts'

/** Opens a built variant as it runs on one host's hardware. */
export async function openVariant(built: BuiltModel, hardware: HardwareProfile): Promise<OpenVariant> {
  const model = hardware.fp16Weights ? roundWeightsToFloat16(built.model) : built.model
  const session = await openSession(encodeModel(model), hardware)
  const inputSize = built.inputShape.reduce((product, dim) => product * dim, 1)
  const outputs = [...new Set(built.checkpointNames)]
  return {
    flops: built.flops,
    checkpointShapes: built.checkpointShapes,
    async run(inputSeed) {
      const input = new Tensor('float32', recentInput(inputSeed, inputSize), built.inputShape)
      const results = await session.run({ [built.inputName]: input }, outputs)
      return built.checkpointNames.map((name) => {
        const data = results[name]?.data
        if (!(data instanceof Float32Array))
          throw new BaseError(`checkpoint ${name} did not come back as float32`)
        return data
      })
    },
    release: () => session.release(),
  }
}
