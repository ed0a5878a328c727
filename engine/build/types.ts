import type onnxProto from 'onnx-proto'

/**
 * How a built-in model is built: `weights: false` gives a skeleton for counting FLOPs; `batched`
 * puts a symbolic leading `batch` dimension on the input and every output (issue 19), so one
 * session run serves many jobs. A batched graph has the same weights as the unbatched one but
 * other bytes: the unbatched graph stays the model's identity (its hash, its FLOPs per job).
 */
export type BuildOptions = { weights: boolean; batched?: boolean }

/** The variants that are real models (noise is not a model at all). */
export type BuiltVariant = 'honest' | 'skip' | 'int8' | 'substitute'

/** A model ready to encode and run, plus what the engine needs to feed it and read its checkpoints. */
export type BuiltModel = {
  /** Every checkpoint is a graph output, so one run yields them all. */
  model: onnxProto.onnx.IModelProto
  /** Floating-point operations of one inference, counted from the graph's nodes. */
  flops: number
  /**
   * Graph outputs in checkpoint order, the result last. A name may repeat: a skipped layer's
   * checkpoint is the activation before it.
   */
  checkpointNames: string[]
  checkpointShapes: number[][]
  inputName: string
  /** Shape the input is fed with; its element count is the model's input size. */
  inputShape: number[]
}

/** One variant on one hardware profile, ready to run; whoever receives it must release it. */
export type OpenVariant = {
  flops: number
  checkpointShapes: number[][]
  /** Runs one job and returns every checkpoint's values, in checkpoint order. */
  run(inputSeed: number): Promise<Float32Array[]>
  release(): Promise<void>
}
