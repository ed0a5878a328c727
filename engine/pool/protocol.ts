/**
 * Everything that crosses the thread boundary between the pool and its workers. Tasks carry the
 * model's spec rather than its bytes: a worker rebuilds (or rereads) the model once and caches
 * its sessions, so a task stays a few hundred bytes however large the model is. Compare and
 * layer checks are single tasks, so activations never cross threads either.
 */
import type {
  CompareResult,
  ForwardModelSpec,
  GeneratingModelSpec,
  GenerationOrder,
  HardwareProfile,
  Hex,
  InferenceResult,
  LayerCheckResult,
  RunRef,
} from '../../sim/index.ts'
import type { DecoderSpec, DecoderVariant } from '../build/decoderTypes.ts'
import type { Generation, GenerationCheat, GenerationRequest } from '../run/generationTypes.ts'
import type { GenerationTolerance, GenerationVerdict } from '../run/verifyGeneration.ts'

export type ModelRef = {
  /** Cache key inside each worker, with the hash. */
  id: string
  spec: ForwardModelSpec
  /** Hash of the honest bytes seen by `load`; a worker refuses a file that changed since. */
  hash: Hex
}

/** A decoder model as workers know it: its spec (file paths absolute) and the hash `load` saw. */
export type DecoderRef = {
  id: string
  spec: GeneratingModelSpec
  hash: Hex
}

/**
 * What one host runs for a generation job, resolved in the calling thread from its variant name
 * (decoderRunOf): the graph pair, a change to the loop, and the hardware.
 */
export type DecoderRun = {
  variant: DecoderVariant
  cheat?: GenerationCheat
  hardware: HardwareProfile
  /**
   * The serving batch a claimed generation ran in (issue 19): its jobs and this job's index. A
   * checker re-creating the claim re-runs that whole batch and takes this job's generation,
   * since batching may have changed its bits. Absent: the job ran alone.
   */
  batch?: { jobs: DecoderBatchJob[]; index: number }
}

/** One job of a decoder's serving batch: its seed, its order and its host's loop change, if any. */
export type DecoderBatchJob = { inputSeed: number; order: GenerationOrder; cheat?: GenerationCheat }

/**
 * A decoder host's serving batch (issue 19): generations of one model, variant and hardware run
 * as ONE batched prefill plus batched decode steps in one worker task (generateBatch), each job
 * with its own order and cheat. Results are per job, as inferGeneration's.
 */
export type InferGenerationBatchTask = {
  model: DecoderRef
  run: { variant: DecoderVariant; hardware: HardwareProfile }
  jobs: DecoderBatchJob[]
  checkpoints: boolean[]
  outputs: boolean[]
}

/**
 * One generation job of the inference port: the prompt and the sampling seed are expanded from
 * inputSeed in the worker, and the result comes back as digests (and tokens), never the cache.
 */
export type InferGenerationTask = {
  model: DecoderRef
  run: DecoderRun
  inputSeed: number
  order: GenerationOrder
  checkpoints: boolean
  output: boolean
}

/** The claimed generation re-created and checked by one prefill, in one task. */
export type CompareGenerationTask = {
  model: DecoderRef
  inputSeed: number
  order: GenerationOrder
  claimed: DecoderRun
  reference: DecoderRun
  tolerance: GenerationTolerance
}

/**
 * The referee's step on one real chunk (1-based) of the claimed generation: block `block`
 * (1-based) re-executed alone up to the chunk's end, or, for a decoder from files (one checkpoint
 * per chunk, block 1), a prefill up to that end.
 */
export type CheckChunkTask = {
  model: DecoderRef
  inputSeed: number
  order: GenerationOrder
  chunk: number
  block: number
  claimed: DecoderRun
  hardware: HardwareProfile
  tolerance: GenerationTolerance
}

export type InferTask = { model: ModelRef; run: RunRef; inputSeed: number; tolerance: number }

/**
 * One serving batch (issue 19): jobs of one model on one run, executed as ONE session run of the
 * batched graph, so each job's bits are the ones that batch gives. Unlike InferManyTask, which
 * only shares a thread crossing, the composition here is the simulation's and changes results.
 */
export type InferBatchTask = {
  model: ModelRef
  run: RunRef
  inputSeeds: number[]
  checkpoints: boolean[]
  outputs: boolean[]
  tolerance: number
}

/**
 * Many jobs of one model in one task, since a thread crossing costs more than a small model's
 * run; packed as columns, since cloning an object per job cost more than the crossing itself.
 */
export type InferManyTask = {
  model: ModelRef
  /** The batch's distinct runs: job i runs `runs[runOf[i]]`. */
  runs: RunRef[]
  runOf: number[]
  inputSeeds: number[]
  /** `false` digests job i's result only (see InferenceRequest). */
  checkpoints: boolean[]
  /** `false` leaves job i's output out: it gets an empty one (see InferenceRequest). */
  outputs: boolean[]
  tolerance: number
}

/**
 * A batch's results as columns. Every output sits in one buffer, which the worker moves to the
 * pool instead of copying: one transfer in place of a cloned buffer per job.
 */
export type InferManyResult = {
  resultDigests: Hex[]
  /** Job i's layer digests are the next `layerCounts[i]` entries (0 for a result-only job). */
  layerDigests: Hex[]
  layerCounts: number[]
  outputs: Float32Array
  /** Job i's output is `outputs` from `outputEnds[i - 1]` (0 for the first) to `outputEnds[i]`. */
  outputEnds: number[]
  flops: number[]
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

/**
 * One whole generation per task: prefill, every decode step and the KV cache stay inside the
 * worker, and only the tokens, chunk digests and FLOPs come back. Like a model task, it carries
 * the decoder's spec; the worker builds and opens it once per (spec, variant, hardware).
 */
export type GenerateTask = {
  decoder: DecoderSpec
  variant: DecoderVariant
  hardware: HardwareProfile
  request: GenerationRequest
  cheat?: GenerationCheat
}

/** One prefill over prompt + claimed output in the worker, on the honest decoder. */
export type VerifyGenerationTask = {
  decoder: DecoderSpec
  hardware: HardwareProfile
  request: GenerationRequest
  claimed: Generation
  tolerance: GenerationTolerance
}

/** The worker's named exports, what each takes and what it returns. */
export type Tasks = {
  infer: { task: InferTask; result: InferenceResult }
  inferMany: { task: InferManyTask; result: InferManyResult }
  inferBatch: { task: InferBatchTask; result: InferManyResult }
  compare: { task: CompareTask; result: CompareResult }
  checkLayer: { task: CheckLayerTask; result: LayerCheckResult }
  generate: { task: GenerateTask; result: Generation }
  verifyGeneration: { task: VerifyGenerationTask; result: GenerationVerdict }
  inferGeneration: { task: InferGenerationTask; result: InferenceResult }
  inferGenerationBatch: { task: InferGenerationBatchTask; result: InferenceResult[] }
  compareGeneration: { task: CompareGenerationTask; result: CompareResult }
  checkChunk: { task: CheckChunkTask; result: LayerCheckResult }
}

/** How the pool sends a task to a worker and gets its result back. */
export type CallTask = <K extends keyof Tasks>(name: K, task: Tasks[K]['task']) => Promise<Tasks[K]['result']>
