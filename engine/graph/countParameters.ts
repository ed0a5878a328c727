import type onnxProto from 'onnx-proto'
import { toNumber } from './toNumber.ts'

/** float32, float16, double and bfloat16 in ONNX's TensorProto.DataType. */
const FLOAT_TYPES = new Set([1, 10, 11, 16])

/**
 * The model's parameter count: the elements of its floating-point initializers (weights,
 * biases, norm scales and shifts). Scalar initializers are constants a graph stores (the
 * attention score scale, an epsilon), not parameters, and integer ones are shapes and indices.
 * Read from dims alone, so a skeleton without weights counts the same as the built model.
 */
export function countParameters(model: onnxProto.onnx.IModelProto): number {
  let total = 0
  for (const init of model.graph?.initializer ?? []) {
    const dims = init.dims ?? []
    if (!FLOAT_TYPES.has(init.dataType ?? 0) || dims.length === 0) continue
    total += dims.reduce<number>((product, dim) => product * toNumber(dim), 1)
  }
  return total
}
