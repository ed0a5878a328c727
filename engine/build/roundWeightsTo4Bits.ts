import onnxProto from 'onnx-proto'
import { toNumber } from '../graph/toNumber.ts'
import { readFloats } from './readFloats.ts'

const FLOAT = 1
const LEVELS = 16

/**
 * The 4-bit weights cheat: every float weight matrix (2-D initializer: projections, embeddings,
 * the vocabulary head) rounded to 16 evenly spaced levels between its row's minimum and maximum,
 * and stored back as float32, as a host that keeps int4 weights and dequantizes them per row
 * would compute. Vectors (LayerNorm gains and biases) and constants stay exact, as int4 schemes
 * keep them in full precision. The graph is unchanged, so its FLOPs are the honest ones: the
 * saving of int4 is memory and bandwidth, not arithmetic.
 */
export function roundWeightsTo4Bits(model: onnxProto.onnx.IModelProto): onnxProto.onnx.IModelProto {
  const graph = model.graph ?? {}
  const initializer = (graph.initializer ?? []).map((tensor) => {
    const values = readFloats(tensor)
    const dims = (tensor.dims ?? []).map(toNumber)
    if (tensor.dataType !== FLOAT || !values || dims.length !== 2) return tensor
    const [rows = 1, cols = 1] = dims
    const rawData = new Uint8Array(values.length * 4)
    const view = new DataView(rawData.buffer)
    for (let r = 0; r < rows; r++) {
      const row = values.subarray(r * cols, (r + 1) * cols)
      let low = Number.POSITIVE_INFINITY
      let high = Number.NEGATIVE_INFINITY
      for (const value of row) {
        low = Math.min(low, value)
        high = Math.max(high, value)
      }
      const step = high > low ? (high - low) / (LEVELS - 1) : 1
      for (const [c, value] of row.entries()) {
        view.setFloat32((r * cols + c) * 4, low + Math.round((value - low) / step) * step, true)
      }
    }
    return onnxProto.onnx.TensorProto.create({ ...tensor, floatData: [], rawData })
  })
  return onnxProto.onnx.ModelProto.create({ ...model, graph: { ...graph, initializer } })
}
