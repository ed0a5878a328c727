import { resolve } from 'node:path'
import { InputError, PoolError } from '../../errors/index.ts'
import {
  type CompareRequest,
  type CompareResult,
  type GeneratingModelSpec,
  type GenerationOrder,
  type HardwareProfile,
  type InferencePort,
  type InferenceRequest,
  type InferenceResult,
  type LayerCheckRequest,
  type LayerCheckResult,
  type ModelInfo,
  REFERENCE_HARDWARE,
  type RunRef,
  runKey,
  type VariantName,
} from '../../sim/index.ts'
import { explainMissingDecoderVariant } from '../build/explainMissingDecoderVariant.ts'
import { describeDecoderModel } from '../files/describeDecoderModel.ts'
import { checkGenerationOrder } from '../run/checkGenerationOrder.ts'
import { checkGenerationTolerance } from '../run/checkGenerationTolerance.ts'
import { checkHardware } from '../run/checkHardware.ts'
import { decoderRunOf } from '../run/decoderRunOf.ts'
import { DEFAULT_GENERATION_TOLERANCE, type GenerationTolerance } from '../run/verifyGeneration.ts'
import type { CallTask, DecoderBatchJob, DecoderRef, DecoderRun } from './protocol.ts'

type DecoderModel = { ref: DecoderRef; info: ModelInfo; limits: NonNullable<ModelInfo['decoder']> }

export type DecoderPort = Pick<InferencePort, 'load' | 'infer' | 'compare' | 'checkLayer'> & {
  load(spec: GeneratingModelSpec): Promise<ModelInfo>
  /** A decoder host's serving batch, one batched generation (issue 19). */
  inferBatch(requests: readonly InferenceRequest[]): Promise<InferenceResult[]>
  /** The model id is a decoder's this port loaded. */
  has(modelId: string): boolean
}

export type DecoderPortOptions = {
  /** The pool's one way into its workers (its backlog, closing and error context included). */
  call: CallTask
  workers: number
  checkHardwareOnce(hardware: HardwareProfile, field: string): void
  /** The generation checks' tolerance (compare and the referee's block); default the engine's. */
  generationTolerance?: GenerationTolerance
}

/**
 * The inference port's half for decoder models (issue 15), inside createInferencePool: jobs are
 * generations whose prompt and sampling seed the worker expands from the job's seed, checks are
 * one prefill over prompt and output, and the checkpoints are the (chunk, block) pairs of each
 * job, chunk-major, padded to the order's count; the referee re-executes one block. Requests are checked here, where errors keep their class, and each is one
 * task: the KV cache never leaves the worker.
 */
export function createDecoderPort(options: DecoderPortOptions): DecoderPort {
  const { call, workers, checkHardwareOnce } = options
  const models = new Map<string, DecoderModel>()
  // Not the pool's tolerance, even at 0 (exact): a verifier's prefill never reproduces the
  // decode steps' floats bit for bit, even on the host's own hardware (mean |Δ| about 1e-7 on
  // the test decoders), so generations are always compared within a generation tolerance: the
  // measured defaults, or one set for the model (tolerance: auto).
  const generationTolerance = options.generationTolerance ?? DEFAULT_GENERATION_TOLERANCE
  // A catalog's decoders each bring their own measured tolerance with the request; checked here,
  // where errors keep their class.
  const toleranceOf = (given: GenerationTolerance | undefined) => {
    if (!given) return generationTolerance
    checkGenerationTolerance(given)
    return given
  }

  async function load(spec: GeneratingModelSpec): Promise<ModelInfo> {
    const absolute: GeneratingModelSpec =
      spec.kind === 'decoderFile'
        ? { ...spec, prefill: resolve(spec.prefill), decode: resolve(spec.decode) }
        : spec
    const info = await describeDecoderModel(absolute)
    const ref: DecoderRef = { id: info.id, spec: absolute, hash: info.hash }
    const model: DecoderModel = { ref, info, limits: info.decoder as DecoderModel['limits'] }
    models.set(info.id, model)
    // Warm-up, best effort, as for forward models: each worker opens every graph pair it may
    // run on the reference hardware (other profiles open on first use), and worker-side
    // failures show now: two output tokens take a prefill and a decode step (one, if the
    // context is too short for a step).
    const outputTokens = Math.min(2, Math.max(1, model.limits.context - 1))
    const order: GenerationOrder = {
      promptTokens: 1,
      outputTokens,
      sampling: { kind: 'greedy' },
      chunkSize: 1,
      topK: 1,
      checkpoints: outputTokens * model.limits.checkpointBlocks,
    }
    const graphs = new Map<string, DecoderRun>()
    for (const variant of Object.keys(info.variants) as VariantName[]) {
      if (variant === 'reseed') continue
      const run = {
        ...decoderRunOf(variant, absolute.cheats, model.limits.blocks, order, 0),
        hardware: REFERENCE_HARDWARE,
      }
      graphs.set(JSON.stringify(run.variant), { variant: run.variant, hardware: run.hardware })
    }
    const warmups = Array.from({ length: workers }, () => [...graphs.values()])
      .flat()
      .map((run) =>
        call('inferGeneration', { model: ref, run, inputSeed: 0, order, checkpoints: false, output: false }),
      )
    await Promise.all(warmups)
    return info
  }

  function decoderOf(modelId: string): DecoderModel {
    const model = models.get(modelId)
    if (!model) throw new PoolError(`unknown model id ${modelId}: load it first`, { modelId })
    return model
  }

  /** Checks a run on a decoder and resolves what the worker runs for this job. */
  function decoderRun(
    model: DecoderModel,
    run: RunRef,
    order: GenerationOrder,
    inputSeed: number,
    field: string,
  ) {
    if (!model.info.variants[run.variant]) {
      const why =
        explainMissingDecoderVariant(model.ref.spec, run.variant, model.limits.blocks) ??
        `unknown variant ${run.variant}`
      throw new InputError(`${field}.variant: model ${model.info.id} has no ${run.variant} variant: ${why}`)
    }
    checkHardwareOnce(run.hardware, `${field}.hardware`)
    const plan = decoderRunOf(run.variant, model.ref.spec.cheats, model.limits.blocks, order, inputSeed)
    const resolved: DecoderRun = { variant: plan.variant, hardware: run.hardware }
    if (plan.cheat) resolved.cheat = plan.cheat
    const { batch } = run
    if (batch) {
      const { orders } = batch
      if (!orders || orders.length !== batch.inputSeeds.length) {
        throw new InputError(
          `${field}.batch: a decoder's serving batch needs every job's generation order (orders: ${orders?.length ?? 'none'} for ${batch.inputSeeds.length} seeds)`,
        )
      }
      resolved.batch = {
        jobs: batch.inputSeeds.map((seed, i) => batchJob(model, run, orders[i] as GenerationOrder, seed)),
        index: batch.index,
      }
    }
    return resolved
  }

  /** One job of a serving batch as the worker runs it: its own order and its own cheat. */
  function batchJob(
    model: DecoderModel,
    run: RunRef,
    order: GenerationOrder,
    inputSeed: number,
  ): DecoderBatchJob {
    checkGenerationOrder(order, model.limits, model.limits.checkpointBlocks)
    const { cheat } = decoderRunOf(run.variant, model.ref.spec.cheats, model.limits.blocks, order, inputSeed)
    return cheat ? { inputSeed, order, cheat } : { inputSeed, order }
  }

  function orderOf(model: DecoderModel, generation: GenerationOrder | undefined): GenerationOrder {
    if (!generation) {
      throw new InputError(
        `model ${model.info.id} is a decoder: every request needs a generation order (prompt and output tokens)`,
      )
    }
    checkGenerationOrder(generation, model.limits, model.limits.checkpointBlocks)
    return generation
  }

  async function infer(request: InferenceRequest): Promise<InferenceResult> {
    const model = decoderOf(request.modelId)
    const order = orderOf(model, request.generation)
    const run = decoderRun(model, request, order, request.inputSeed, 'request')
    return call('inferGeneration', {
      model: model.ref,
      run,
      inputSeed: request.inputSeed,
      order,
      checkpoints: request.checkpoints ?? true,
      output: request.output ?? true,
    })
  }

  async function inferBatch(requests: readonly InferenceRequest[]): Promise<InferenceResult[]> {
    const first = requests[0]
    if (!first) return []
    const model = decoderOf(first.modelId)
    const run = decoderRun(model, first, orderOf(model, first.generation), first.inputSeed, 'requests[0]')
    const key = runKey(first)
    const jobs = requests.map((request, i) => {
      if (request.modelId !== first.modelId || runKey(request) !== key) {
        throw new InputError(
          `requests[${i}] (${request.modelId}, ${runKey(request)}) is not in requests[0]'s batch (${first.modelId}, ${key}): a batch runs one model, variant and hardware`,
        )
      }
      return batchJob(model, request, orderOf(model, request.generation), request.inputSeed)
    })
    return call('inferGenerationBatch', {
      model: model.ref,
      run: { variant: run.variant, hardware: run.hardware },
      jobs,
      checkpoints: requests.map((r) => r.checkpoints ?? true),
      outputs: requests.map((r) => r.output ?? true),
    })
  }

  async function compare(request: CompareRequest): Promise<CompareResult> {
    const model = decoderOf(request.modelId)
    const order = orderOf(model, request.generation)
    const { inputSeed } = request
    const claimed = decoderRun(model, request.claimed, order, inputSeed, 'claimed')
    const reference = decoderRun(model, request.reference, order, inputSeed, 'reference')
    if (reference.cheat) {
      throw new InputError(
        `reference.variant ${request.reference.variant} changes the generation loop, and a one-prefill check runs no loop`,
        { hint: 'check with the honest, skip, substitute or int4 graphs' },
      )
    }
    return call('compareGeneration', {
      model: model.ref,
      inputSeed,
      order,
      claimed,
      reference,
      tolerance: toleranceOf(request.generationTolerance),
    })
  }

  async function checkLayer(request: LayerCheckRequest): Promise<LayerCheckResult> {
    const model = decoderOf(request.modelId)
    const order = orderOf(model, request.generation)
    const { inputSeed, layer } = request
    const claimed = decoderRun(model, request.claimed, order, inputSeed, 'claimed')
    checkHardware(request.hardware, 'hardware')
    if (!(Number.isSafeInteger(layer) && layer >= 1 && layer <= order.checkpoints)) {
      throw new InputError(`layer must be a checkpoint in [1, ${order.checkpoints}], got ${layer}`)
    }
    // Chunk-major (chunk, block) pairs: checkpoint (c − 1) × B + b.
    const blocks = model.limits.checkpointBlocks
    const chunk = Math.ceil(layer / blocks)
    // A padding checkpoint stands for no tokens: there is nothing to re-execute, and it agrees.
    if (chunk > Math.ceil(order.outputTokens / order.chunkSize)) return { agree: true, flops: 0 }
    const { hardware } = request
    return call('checkChunk', {
      model: model.ref,
      inputSeed,
      order,
      chunk,
      block: layer - (chunk - 1) * blocks,
      claimed,
      hardware,
      tolerance: toleranceOf(request.generationTolerance),
    })
  }

  return { has: (modelId: string) => models.has(modelId), load, infer, inferBatch, compare, checkLayer }
}
