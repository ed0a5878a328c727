import onnxProto from 'onnx-proto'
import { readFloats } from './readFloats.ts'
import { roundToFloat16 } from './roundToFloat16.ts'

const FLOAT = 1

/**
 * The fp16-weights hardware profile: every float32 initializer rounded through float16 and kept
 * as float32, so the graph, its FLOPs and its checkpoints are unchanged and only the weights'
 * low bits differ, as on hardware that stores weights in half precision. Compute stays float32:
 * the port defines the profile as rounded weights, and a half-precision graph on the CPU provider
 * would mostly run through float casts onnxruntime inserts around ops anyway.
 */
export function roundWeightsToFloat16(model: onnxProto.onnx.IModelProto): onnxProto.onnx.IModelProto {
  const graph = model.graph ?? {}
  const initializer = (graph.initializer ?? []).map((tensor) => {
    const values = readFloats(tensor)
    if (tensor.dataType !== FLOAT || !values) return tensor
    const rawData = new Uint8Array(values.length * 4)
    const view = new DataView(rawData.buffer)
    for (const [i, value] of values.entries()) view.setFloat32(i * 4, roundToFloat16(value), true)
    return onnxProto.onnx.TensorProto.create({ ...tensor, floatData: [], rawData })
  })
  return onnxProto.onnx.ModelProto.create({ ...model, graph: { ...graph, initializer } })
}
