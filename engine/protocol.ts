/**
 * Everything that crosses the thread boundary between the pool and its workers. Tasks carry the
 * model's spec rather than its bytes: a worker rebuilds (or rereads) the model once and caches
 * its sessions, so a task stays a few hundred bytes however large the model is. Compare and
 * layer checks are single tasks, so activations never cross threads either.
 */
import type {
  CompareResult,
  HardwareProfile,
  Hex,
  InferenceResult,
  LayerCheckResult,
  ModelSpec,
  RunRef,
} from '../sim/ports.ts'

export type ModelRef = {
  /** Cache key inside each worker, with the hash. */
  id: string
  spec: ModelSpec
  /** Hash of the honest bytes seen by `load`; a worker refuses a file that changed since. */
  hash: Hex
}

export type InferTask = { model: ModelRef; run: RunRef; inputSeed: number; tolerance: number }

/** Many jobs of one model in one task: a thread crossing costs more than a small model's run. */
export type InferManyTask = {
  model: ModelRef
  /** `checkpoints: false` digests the result only (see InferenceRequest). */
  jobs: { run: RunRef; inputSeed: number; checkpoints: boolean }[]
  tolerance: number
}

export type CompareTask = {
  model: ModelRef
  inputSeed: number
  claimed: RunRef
  reference: RunRef
  tolerance: number
}

export type CheckLayerTask = {
  model: ModelRef
  inputSeed: number
  layer: number
  claimed: RunRef
  hardware: HardwareProfile
  tolerance: number
}

/** The worker's named exports, what each takes and what it returns. */
export type Tasks = {
  infer: { task: InferTask; result: InferenceResult }
  inferMany: { task: InferManyTask; result: InferenceResult[] }
  compare: { task: CompareTask; result: CompareResult }
  checkLayer: { task: CheckLayerTask; result: LayerCheckResult }
}
