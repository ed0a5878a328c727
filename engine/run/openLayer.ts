import { Tensor } from 'onnxruntime-node'
import { BaseError } from '../../errors/index.ts'
import type { HardwareProfile } from '../../sim/index.ts'
import { roundWeightsToFloat16 } from '../build/roundWeightsToFloat16.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import type { LayerModel } from '../graph/extractLayer.ts'
import { openSession } from './openSession.ts'

export type OpenLayer = {
  flops: number
  inputShape: number[]
  outputShape: number[]
  /** Re-executes the layer on a previous checkpoint's values. */
  run(values: Float32Array): Promise<Float32Array>
  release(): Promise<void>
}

/** Opens a one-layer model on the referee's hardware. */
export async function openLayer(layer: LayerModel, hardware: HardwareProfile): Promise<OpenLayer> {
  const model = hardware.fp16Weights ? roundWeightsToFloat16(layer.model) : layer.model
  const session = await openSession(encodeModel(model), hardware)
  const [inputName = ''] = session.inputNames
  const [outputName = ''] = session.outputNames
  return {
    flops: layer.flops,
    inputShape: layer.inputShape,
    outputShape: layer.outputShape,
    async run(values) {
      const results = await session.run({ [inputName]: new Tensor('float32', values, layer.inputShape) })
      const data = results[outputName]?.data
      if (!(data instanceof Float32Array)) throw new BaseError(`layer output ${outputName} is not float32`)
      return data
    },
    release: () => session.release(),
  }
}
