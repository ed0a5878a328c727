/**
 * The piscina worker: the only code that runs inside worker threads. Built models are cached per
 * (model, variant) and sessions per (model, variant, hardware) for the worker's lifetime, because
 * building or opening costs far more than a run; one-layer referee models likewise per
 * (model, layer, hardware), decoders (both graphs open) per (spec, variant, hardware) and a
 * decoder's one-block referee graphs per (model, block, hardware).
 */
import { move, transferableSymbol, valueSymbol } from 'piscina'
import { InputError, ModelFileError } from '../../errors/index.ts'
import type { HardwareProfile, RunRef } from '../../sim/index.ts'
import { hardwareKey, runKey } from '../../sim/index.ts'
import { buildBatchedDecoder } from '../build/buildBatchedDecoder.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import { buildDecoderBlock } from '../build/buildDecoderBlock.ts'
import { buildModel } from '../build/buildModel.ts'
import { decoderSpecOf } from '../build/decoderSpecOf.ts'
import type { DecoderSpec, DecoderVariant } from '../build/decoderTypes.ts'
import { explainMissingVariant } from '../build/explainMissingVariant.ts'
import { quantizeWeights } from '../build/quantizeWeights.ts'
import type { BuiltModel, BuiltVariant, OpenVariant } from '../build/types.ts'
import { hashDecoder } from '../files/hashDecoder.ts'
import { loadDecoderFiles } from '../files/loadDecoderFiles.ts'
import { loadModelFile } from '../files/loadModelFile.ts'
import { extractLayer } from '../graph/extractLayer.ts'
import { compareGeneration as compareChunks } from '../run/compareGeneration.ts'
import { compareRuns } from '../run/compareRuns.ts'
import { digestGeneration } from '../run/digestGeneration.ts'
import { generate as generateTokens } from '../run/generate.ts'
import { generateBatch } from '../run/generateBatch.ts'
import type { Generation } from '../run/generationTypes.ts'
import { hashBytes } from '../run/hashBytes.ts'
import { inputFromSeed } from '../run/inputFromSeed.ts'
import { type OpenBatchedDecoder, openBatchedDecoder } from '../run/openBatchedDecoder.ts'
import { type OpenBatchedVariant, openBatchedVariant } from '../run/openBatchedVariant.ts'
import { type OpenDecoder, openDecoder } from '../run/openDecoder.ts'
import { type OpenDecoderBlock, openDecoderBlock } from '../run/openDecoderBlock.ts'
import { type OpenLayer, openLayer } from '../run/openLayer.ts'
import { openNoise } from '../run/openNoise.ts'
import { openVariant } from '../run/openVariant.ts'
import { packBatch } from '../run/packBatch.ts'
import { refereeBlock } from '../run/refereeBlock.ts'
import { refereeChunk } from '../run/refereeChunk.ts'
import { refereeLayer } from '../run/refereeLayer.ts'
import { requestFromOrder } from '../run/requestFromOrder.ts'
import { runInference } from '../run/runInference.ts'
import { runJobs } from '../run/runJobs.ts'
import { verifyGeneration as verifyTokens } from '../run/verifyGeneration.ts'
import type { DecoderBatchJob, DecoderRef, DecoderRun, InferManyResult, ModelRef, Tasks } from './protocol.ts'

const built = new Map<string, Promise<BuiltModel>>()
const opened = new Map<string, Promise<OpenVariant>>()
const batched = new Map<string, Promise<OpenBatchedVariant | null>>()
const layers = new Map<string, Promise<OpenLayer>>()
const decoders = new Map<string, Promise<OpenDecoder>>()
const decoderBlocks = new Map<string, Promise<OpenDecoderBlock>>()
const batchedDecoders = new Map<string, Promise<OpenBatchedDecoder | null>>()

export async function infer({ model, run, inputSeed, tolerance }: Tasks['infer']['task']) {
  return runInference(await variantFor(model, run), inputSeed, tolerance)
}

/**
 * The pool hands a worker its next batch while one runs, so the worker never sits idle through a
 * round trip to the main thread; batches still run one after the other, since two interleaved job
 * by job would both finish late.
 */
let batches: Promise<unknown> = Promise.resolve()

export function inferMany(task: Tasks['inferMany']['task']): Promise<Tasks['inferMany']['result']> {
  return inTurn(() => runBatch(task))
}

async function runBatch(task: Tasks['inferMany']['task']): Promise<Tasks['inferMany']['result']> {
  const opened = await Promise.all(task.runs.map((run) => variantFor(task.model, run)))
  return moved(await runJobs(opened, task))
}

/** One serving batch as one session run, in turn with the other batches (see inferMany). */
export function inferBatch(task: Tasks['inferBatch']['task']): Promise<Tasks['inferBatch']['result']> {
  return inTurn(async () => {
    const rows = await rowsOf(task.model, task.run, task.inputSeeds, task.checkpoints.some(Boolean))
    const { flops } = await variantFor(task.model, task.run)
    return moved(packBatch(rows, flops, task.checkpoints, task.outputs, task.tolerance))
  })
}

/**
 * Every job's checkpoints as its batch gave them (with `everyCheckpoint` false, a batched graph
 * gives each job's result alone, all a digest-only job reads). Models without a batched graph (a
 * user's file, the noise cheat, which runs no model) run job by job: their jobs cannot change
 * each other.
 */
async function rowsOf(
  model: ModelRef,
  run: RunRef,
  inputSeeds: readonly number[],
  everyCheckpoint = true,
): Promise<Float32Array[][]> {
  const open = await batchedFor(model, run)
  if (open) return open.runBatch(inputSeeds, everyCheckpoint)
  const alone = await variantFor(model, run)
  const rows: Float32Array[][] = []
  for (const seed of inputSeeds) rows.push(await alone.run(seed))
  return rows
}

/**
 * The claimed run as a checker re-creates it: alone, or, for a job served in a batch, its row of
 * that same batch re-run (RunRef.batch), since batching may have changed its bits.
 */
async function claimedFor(model: ModelRef, run: RunRef): Promise<OpenVariant> {
  const alone = await variantFor(model, run)
  const { batch } = run
  if (!batch) return alone
  return {
    ...alone,
    async run() {
      const rows = await recentRows(model, run, batch.inputSeeds)
      const row = rows[batch.index]
      if (!row) throw new InputError(`batch index ${batch.index} is outside a batch of ${rows.length}`)
      return row
    },
  }
}

/**
 * A batch's rows kept for the checks of its jobs that follow: under p = 1 every job of a batch of
 * n is checked, and re-running the whole batch per check would cost n batches, not one.
 */
const recent = new Map<string, Promise<Float32Array[][]>>()
const RECENT_BATCHES = 8

function recentRows(model: ModelRef, run: RunRef, inputSeeds: readonly number[]): Promise<Float32Array[][]> {
  const key = `${keyOf(model)}\n${runKey(run)}\n${inputSeeds.join(',')}`
  return keptRecent(recent, key, () => rowsOf(model, run, inputSeeds))
}

/** cached, holding the RECENT_BATCHES newest entries: a Map iterates oldest first. */
function keptRecent<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = cache.get(key)
  if (known) return known
  const value = cached(cache, key, make)
  if (cache.size > RECENT_BATCHES) cache.delete(cache.keys().next().value as string)
  return value
}

function batchedFor(model: ModelRef, run: RunRef): Promise<OpenBatchedVariant | null> {
  const { variant, hardware } = run
  return cached(
    batched,
    `${keyOf(model)}
${runKey(run)}`,
    async () => {
      if (variant === 'noise' || model.spec.kind === 'file') return null
      const spec = model.spec
      const built =
        variant === 'int8'
          ? quantizeWeights(buildModel(spec, 'honest', { weights: true, batched: true }))
          : buildModel(spec, asBuiltVariant(variant), { weights: true, batched: true })
      return openBatchedVariant(built, hardware)
    },
  )
}

/** Hands the outputs' buffer to the pool (piscina's transfer protocol) instead of cloning it. */
function moved(packed: InferManyResult): InferManyResult {
  // piscina posts the value and transfers the transferable; the pool receives the value.
  return move({
    [transferableSymbol]: packed.outputs.buffer,
    [valueSymbol]: packed,
  }) as unknown as InferManyResult
}

/**
 * piscina preloads a worker's default export at start-up; without one it falls back to an ESM
 * import that tsx's loader does not reach inside worker threads on Node 20, and the worker dies.
 */
export default infer

export async function compare(task: Tasks['compare']['task']): Promise<Tasks['compare']['result']> {
  const [claimed, reference] = await Promise.all([
    claimedFor(task.model, task.claimed),
    variantFor(task.model, task.reference),
  ])
  return compareRuns(claimed, reference, task.inputSeed, task.tolerance)
}

export async function checkLayer(task: Tasks['checkLayer']['task']): Promise<Tasks['checkLayer']['result']> {
  const { model, layer, hardware } = task
  const [claimed, honest] = await Promise.all([claimedFor(model, task.claimed), builtFor(model, 'honest')])
  const referee = await cached(layers, `${keyOf(model)}\nlayer${layer}\n${hardwareKey(hardware)}`, () =>
    openLayer(extractLayer(honest, layer), hardware),
  )
  const input = inputFromSeed(
    task.inputSeed,
    honest.inputShape.reduce((product, dim) => product * dim, 1),
  )
  return refereeLayer(referee, input, await claimed.run(task.inputSeed), layer, task.tolerance)
}

/**
 * A whole generation in this thread: the KV cache lives in generate's local arrays and is
 * garbage as soon as it returns, so concurrent generations hold one cache each, never more.
 */
export function generate(task: Tasks['generate']['task']): Promise<Tasks['generate']['result']> {
  // In turn with batches, as inferMany: the pool sends a second task while one runs, and two
  // generations interleaved step by step would both finish late and hold two caches at once.
  return inTurn(async () => {
    const decoder = await decoderFor(task.decoder, task.variant, task.hardware)
    return generateTokens(decoder, task.request, task.cheat)
  })
}

/** One generation job of the inference port, in turn with batches (see generate above). */
export function inferGeneration(
  task: Tasks['inferGeneration']['task'],
): Promise<Tasks['inferGeneration']['result']> {
  return inTurn(async () => {
    const decoder = await decoderOf(task.model, task.run)
    const request = requestFromOrder(task.order, task.inputSeed, decoder.built.spec.vocab)
    const generation = await generateTokens(decoder, request, task.run.cheat)
    return digestGeneration(generation, task.order, task)
  })
}

/**
 * A decoder host's serving batch as one batched generation (see generationsOf), each job's
 * result digested as inferGeneration digests a lone one.
 */
export function inferGenerationBatch(
  task: Tasks['inferGenerationBatch']['task'],
): Promise<Tasks['inferGenerationBatch']['result']> {
  return inTurn(async () => {
    const generations = await generationsOf(task.model, task.run, task.jobs, false)
    return generations.map((generation, i) =>
      digestGeneration(generation, (task.jobs[i] as DecoderBatchJob).order, {
        checkpoints: task.checkpoints[i] ?? true,
        output: task.outputs[i] ?? true,
      }),
    )
  })
}

/**
 * Every job's generation as its batch gives it: one batched prefill and batched decode steps on
 * a built-in decoder's batched graphs. A decoder from files has no batched graphs, so its jobs
 * run one by one: they cannot change each other.
 */
async function generationsOf(
  model: DecoderRef,
  run: Omit<DecoderRun, 'cheat' | 'batch'>,
  jobs: readonly DecoderBatchJob[],
  states: boolean,
): Promise<Generation[]> {
  const alone = await decoderOf(model, run)
  const { vocab } = alone.built.spec
  const batch = jobs.map((job) => ({
    request: requestFromOrder(job.order, job.inputSeed, vocab),
    cheat: job.cheat,
  }))
  const batched = await batchedDecoderOf(model, run)
  if (batched) return generateBatch(batched, batch, { states })
  const generations: Generation[] = []
  for (const { request, cheat } of batch)
    generations.push(await generateTokens(alone, request, cheat, { states }))
  return generations
}

/**
 * The claimed generation as its host's batch gave it (DecoderRun.batch), or undefined for a job
 * that ran alone, which the check re-creates alone. Batches are kept for the checks of their
 * other jobs, as recentRows keeps forward batches.
 */
async function claimedGeneration(
  model: DecoderRef,
  claimed: DecoderRun,
  states: boolean,
): Promise<Generation | undefined> {
  const { batch } = claimed
  if (!batch) return undefined
  const key = `${decoderRunKey(model, claimed)}\n${JSON.stringify(batch.jobs)}\n${states}`
  const generations = keptRecent(recentGenerations, key, () =>
    generationsOf(model, claimed, batch.jobs, states),
  )
  const generation = (await generations)[batch.index]
  if (!generation)
    throw new InputError(`batch index ${batch.index} is outside a batch of ${batch.jobs.length} generations`)
  return generation
}

const recentGenerations = new Map<string, Promise<Generation[]>>()

function batchedDecoderOf(
  model: DecoderRef,
  run: Omit<DecoderRun, 'cheat' | 'batch'>,
): Promise<OpenBatchedDecoder | null> {
  return cached(batchedDecoders, decoderRunKey(model, run), async () => {
    if (model.spec.kind !== 'decoder') return null
    const alone = await decoderOf(model, run)
    const graphs = buildBatchedDecoder(decoderSpecOf(model.spec), run.variant)
    return openBatchedDecoder(alone.built, graphs, run.hardware)
  })
}

/** Re-creates the claimed generation and checks it by one prefill on the reference hardware. */
export function compareGeneration(
  task: Tasks['compareGeneration']['task'],
): Promise<Tasks['compareGeneration']['result']> {
  return inTurn(async () => {
    const [claimed, reference, generation] = await Promise.all([
      decoderOf(task.model, task.claimed),
      decoderOf(task.model, task.reference),
      claimedGeneration(task.model, task.claimed, false),
    ])
    const request = requestFromOrder(task.order, task.inputSeed, claimed.built.spec.vocab)
    return compareChunks(
      { decoder: claimed, cheat: task.claimed.cheat, generation },
      reference,
      request,
      task.order,
      task.tolerance,
    )
  })
}

/**
 * The referee's step on the referee's hardware with the honest weights: one block re-executed up
 * to one chunk's end, or, for a decoder from files (no block graphs), a prefill up to that end.
 */
export function checkChunk(task: Tasks['checkChunk']['task']): Promise<Tasks['checkChunk']['result']> {
  return inTurn(async () => {
    const { model, hardware } = task
    const claimed = await decoderOf(model, task.claimed)
    const request = requestFromOrder(task.order, task.inputSeed, claimed.built.spec.vocab)
    if (model.spec.kind === 'decoder') {
      const spec = decoderSpecOf(model.spec)
      const index = task.block - 1
      const key = `${model.id}\n${model.hash}\nblock${index}\n${hardwareKey(hardware)}`
      const block = await cached(decoderBlocks, key, () =>
        openDecoderBlock(buildDecoderBlock(spec, index), hardware),
      )
      const generation = await claimedGeneration(model, task.claimed, true)
      return refereeBlock(
        { decoder: claimed, cheat: task.claimed.cheat, generation },
        block,
        request,
        task.chunk,
        task.block,
        task.tolerance,
      )
    }
    const referee = await decoderOf(model, { variant: { kind: 'honest' }, hardware })
    return refereeChunk(
      { decoder: claimed, cheat: task.claimed.cheat },
      referee,
      request,
      task.chunk,
      task.tolerance,
    )
  })
}

/**
 * Generation tasks run one after the other in a worker, with the forward batches: each holds
 * its own KV cache only while it runs, so a worker never holds more than one.
 */
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const turn = batches.then(work)
  batches = turn.catch(() => undefined)
  return turn
}

export async function verifyGeneration(
  task: Tasks['verifyGeneration']['task'],
): Promise<Tasks['verifyGeneration']['result']> {
  const decoder = await decoderFor(task.decoder, { kind: 'honest' }, task.hardware)
  return verifyTokens(decoder, task.request, task.claimed, task.tolerance)
}

/**
 * A decoder model's variant open on a hardware profile, cached like forward variants. A file
 * decoder is refused if its bytes changed since `load` hashed them.
 */
function decoderOf(model: DecoderRef, run: Omit<DecoderRun, 'cheat'>): Promise<OpenDecoder> {
  const { spec } = model
  return cached(decoders, decoderRunKey(model, run), async () => {
    if (spec.kind === 'decoder')
      return openDecoder(buildDecoder(decoderSpecOf(spec), run.variant), run.hardware)
    if (run.variant.kind !== 'honest') {
      throw new InputError(`a decoder from .onnx files has no ${run.variant.kind} variant`)
    }
    // Read again for every profile opened, not once per worker: a run opens profiles as hosts
    // first use them, and a file changed in between would run a model other than the registered one.
    const loaded = await loadDecoderFiles(spec.prefill, spec.decode)
    if (hashDecoder(loaded.bytes.prefill, loaded.bytes.decode) !== model.hash) {
      throw new ModelFileError(
        `decoder files changed since they were loaded: ${spec.prefill}, ${spec.decode}`,
        {
          file: spec.prefill,
          fieldPath: 'model.decoder',
          hint: 'keep model files unchanged during a run',
        },
      )
    }
    return openDecoder(loaded.built, run.hardware)
  })
}

function decoderFor(
  spec: DecoderSpec,
  variant: DecoderVariant,
  hardware: HardwareProfile,
): Promise<OpenDecoder> {
  // Specs are plain data from a structured clone: JSON is a faithful key.
  const key = `${JSON.stringify(spec)}\n${JSON.stringify(variant)}\n${hardwareKey(hardware)}`
  return cached(decoders, key, () => openDecoder(buildDecoder(spec, variant), hardware))
}

function variantFor(model: ModelRef, run: RunRef): Promise<OpenVariant> {
  const { variant, hardware, salt = 0 } = run
  return cached(opened, `${keyOf(model)}\n${runKey(run)}`, async () => {
    if (variant === 'noise') {
      const { checkpointShapes } = await builtFor(model, 'honest')
      return openNoise(checkpointShapes, model.spec.cheats.noiseScale, salt)
    }
    return openVariant(await builtFor(model, asBuiltVariant(variant)), hardware)
  })
}

function builtFor(model: ModelRef, variant: BuiltVariant): Promise<BuiltModel> {
  return cached(built, `${keyOf(model)}\n${variant}`, async () => {
    // int8 is always the honest graph quantized, so it shares the cached honest build.
    if (variant === 'int8') return quantizeWeights(await builtFor(model, 'honest'))
    if (model.spec.kind !== 'file') return buildModel(model.spec, variant)
    const missing = explainMissingVariant(model.spec, variant)
    if (missing) throw new InputError(missing)
    const file = await loadModelFile(model.spec.path)
    // Built models are rebuilt from a deterministic spec; only a file can change under our feet,
    // and a changed file would silently run a model other than the registered one.
    if (hashBytes(file.bytes) !== model.hash) {
      throw new ModelFileError(`model file changed since it was loaded: ${model.spec.path}`, {
        file: model.spec.path,
        hint: 'keep model files unchanged during a run',
      })
    }
    return file.model
  })
}

/** Forward-pass models have no decoder cheats; checkRun refused them before any task was sent. */
function asBuiltVariant(variant: RunRef['variant']): BuiltVariant {
  if (variant === 'honest' || variant === 'skip' || variant === 'int8' || variant === 'substitute')
    return variant
  throw new InputError(`variant ${variant} is a decoder cheat; this model is not a decoder`)
}

/** A failed build or open must not poison the cache: the next task retries and reports its own error. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key)
  if (!value) {
    value = make()
    cache.set(key, value)
    value.catch(() => cache.delete(key))
  }
  return value
}

/** The hash is part of the key so a reloaded, changed file never reuses the old sessions. */
function keyOf(model: ModelRef): string {
  return `${model.id}\n${model.hash}`
}

/** A decoder variant on one hardware profile: what its open sessions are kept by. */
function decoderRunKey(model: DecoderRef, run: Omit<DecoderRun, 'cheat' | 'batch'>): string {
  return `${model.id}\n${model.hash}\n${JSON.stringify(run.variant)}\n${hardwareKey(run.hardware)}`
}
