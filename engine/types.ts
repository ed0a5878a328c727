import type { InferenceSession } from 'onnxruntime-node'

/** An ONNX model ready to run, plus what the engine needs to feed it and read its checkpoints. */
export type BuiltModel = {
  bytes: Uint8Array
  /** Floating-point operations of one inference, counted from the graph's nodes. */
  flops: number
  /** Graph outputs in checkpoint order; the last one is the result. */
  checkpointNames: string[]
  inputName: string
  inputSize: number
  /** Shape the input is fed with: `[1, inputSize]` for built models, the file's own for files. */
  inputShape: number[]
}

/** A model together with the session that runs it; whoever receives it owns the session. */
export type OpenModel = {
  model: BuiltModel
  session: InferenceSession
}
