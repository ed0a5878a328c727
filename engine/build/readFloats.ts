import type onnxProto from 'onnx-proto'

const FLOAT = 1

/**
 * The values of a float32 initializer, from rawData (little endian) or floatData; null when the
 * tensor is not float32 or holds no data (a skeleton built for counting only).
 */
export function readFloats(tensor: onnxProto.onnx.ITensorProto): Float32Array | null {
  if (tensor.dataType !== FLOAT) return null
  const raw = tensor.rawData
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
    return Float32Array.from({ length: raw.length / 4 }, (_, i) => view.getFloat32(i * 4, true))
  }
  if (tensor.floatData && tensor.floatData.length > 0) return Float32Array.from(tensor.floatData)
  return null
}
