/**
 * Everything that crosses the thread boundary between the pool and its workers. Tasks carry the
 * model's spec rather than its bytes: a worker rebuilds (or rereads) the model once and caches
 * the session, so a task stays a few hundred bytes however large the model is.
 */
import type { Hex, InferenceResult, ModelSpec, VariantName } from '../sim/ports.ts'

export type ModelRef = {
  /** Cache key inside each worker. */
  id: string
  spec: ModelSpec
  /** Hash of the honest bytes seen by `load`; a worker refuses a file that changed since. */
  hash: Hex
}

export type InferTask = {
  model: ModelRef
  variant: VariantName
  inputSeed: number
  tolerance: number
}

export type InferTaskResult = InferenceResult
