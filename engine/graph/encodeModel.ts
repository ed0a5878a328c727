import onnxProto from 'onnx-proto'

/** ONNX bytes of a model; copied because protobufjs may hand back a view of a pooled buffer. */
export function encodeModel(model: onnxProto.onnx.IModelProto): Uint8Array {
  return new Uint8Array(onnxProto.onnx.ModelProto.encode(model).finish())
}
