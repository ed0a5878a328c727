import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Piscina } from 'piscina'
import { InputError, PoolError } from '../../errors/index.ts'
import {
  type ForwardModelSpec,
  type HardwareProfile,
  type InferenceResult,
  isGeneratingModel,
  type ModelInfo,
  type ModelSpec,
  REFERENCE_HARDWARE,
  type RunRef,
  runKey,
  type VariantName,
} from '../../sim/index.ts'
import { checkDecoderSpec } from '../build/checkDecoderSpec.ts'
import { explainMissingVariant } from '../build/explainMissingVariant.ts'
import { describeModel } from '../files/describeModel.ts'
import { checkGenerationRequest } from '../run/checkGenerationRequest.ts'
import { checkGenerationTolerance } from '../run/checkGenerationTolerance.ts'
import { checkHardware } from '../run/checkHardware.ts'
import { DEFAULT_GENERATION_TOLERANCE, type GenerationTolerance } from '../run/verifyGeneration.ts'
import { batchSize } from './batchSize.ts'
import { bundleWorker } from './bundleWorker.ts'
import { createDecoderPort } from './createDecoderPort.ts'
import type { InferencePool } from './generationJobs.ts'
import { packJobs } from './packJobs.ts'
import type { ModelRef, Tasks } from './protocol.ts'
import { unpackResults } from './unpackResults.ts'

export type InferencePoolOptions = {
  /** Worker threads; results are byte-identical whatever the count. */
  workers: number
  /** 0: exact (raw bits); otherwise the quantization step of digests and the comparison bound. */
  tolerance: number
  /** A decoder's generation checks: default DEFAULT_GENERATION_TOLERANCE. */
  generationTolerance?: GenerationTolerance
}

type Model = { ref: ModelRef; info: ModelInfo }

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url))
/** setTimeout's ceiling (~24.8 days); anything larger overflows to 1 ms and would reap idle workers. */
const NEVER = 2 ** 31 - 1
/**
 * Tasks each worker holds at most (one running, the rest waiting in the worker, see inferMany in
 * worker.ts). The simulation sends requests between its events (InferencePort.dispatch), every
 * few hundred events: with one task waiting, a worker finished it long before the next turn and
 * idled (a 1.4e7-FLOP transformer's task of two jobs takes about a millisecond).
 */
const TASKS_PER_WORKER = 4

/**
 * The inference port on onnxruntime in piscina worker threads. Models are described in the calling
 * thread (hash, FLOPs, checkpoints) and built or read again inside each worker from the spec, so
 * no model bytes ever cross a thread boundary. Requests are validated here, where errors keep
 * their class; a worker's errors arrive as plain messages. Decoder models' generation jobs go
 * through createDecoderPort, on the same workers and the same task queue.
 */
export function createInferencePool(options: InferencePoolOptions): InferencePool {
  const { workers, tolerance } = options
  if (!(Number.isSafeInteger(workers) && workers >= 1)) {
    throw new InputError(`workers must be an integer ≥ 1, got ${workers}`)
  }
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new InputError(`tolerance must be a finite number ≥ 0 (0 = exact), got ${tolerance}`)
  }
  const generationTolerance = options.generationTolerance ?? DEFAULT_GENERATION_TOLERANCE
  checkGenerationTolerance(generationTolerance)
  // Bundled, a worker loads in a fifth of the CPU time tsx takes (see bundleWorker).
  const bundle = WORKER.endsWith('.ts') ? bundleWorker(WORKER) : undefined
  const pool = new Piscina({
    filename: bundle ?? WORKER,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: NEVER,
    // Further tasks wait in the worker, not here: see inferMany in worker.ts.
    concurrentTasksPerWorker: TASKS_PER_WORKER,
    execArgv: bundle ? withoutTsx(process.execArgv) : workerExecArgv(),
    // Its run-time histograms cost the main thread on every task, and nothing here reads them.
    recordTiming: false,
  })
  const models = new Map<string, Model>()
  const checked = new WeakSet<HardwareProfile>()

  // At most TASKS_PER_WORKER tasks per worker are in piscina's hands (one running, the others
  // waiting in the worker), the rest wait here: closing then drops what waits here and lets the
  // few in flight finish. Terminating a worker inside an onnxruntime call aborts the whole process
  // (a native Napi::Error), and piscina's own close can stop workers before their tasks are done.
  const limit = workers * TASKS_PER_WORKER
  let closed = false
  const backlog: { go(): void; fail(error: Error): void }[] = []
  const inFlight = new Set<Promise<unknown>>()

  async function call<K extends keyof Tasks>(name: K, task: Tasks[K]['task']): Promise<Tasks[K]['result']> {
    if (inFlight.size >= limit) {
      await new Promise<void>((go, fail) => {
        backlog.push({ go, fail })
      })
    }
    const subject = 'model' in task ? task.model.id : `decoder (seed ${task.decoder.seed})`
    if (closed)
      throw new PoolError(`${name} on ${subject} failed: the inference pool is closed`, {
        task: name,
        modelId: subject,
      })
    const running = pool.run(task, { name }) as Promise<Tasks[K]['result']>
    inFlight.add(running)
    try {
      return await running
    } catch (cause) {
      // Errors are cloned across threads and lose their class; keep the message and add context.
      const message = cause instanceof Error ? cause.message : String(cause)
      throw new PoolError(`${name} on ${subject} failed: ${message}`, { task: name, modelId: subject, cause })
    } finally {
      inFlight.delete(running)
      backlog.shift()?.go()
    }
  }

  type Waiting = {
    run: RunRef
    inputSeed: number
    checkpoints: boolean
    output: boolean
    resolve(r: InferenceResult): void
    reject(e: unknown): void
  }
  const waiting = new Map<Model, Waiting[]>()
  let flushing = false
  /** Send waiting requests as batch tasks of batchSize jobs (see there why). */
  function flush() {
    flushing = false
    for (const [model, queue] of waiting) {
      waiting.delete(model)
      const size = batchSize(model.info.variants.honest.flops)
      for (let i = 0; i < queue.length; i += size) {
        const part = queue.slice(i, i + size)
        call('inferMany', packJobs(model.ref, part, tolerance)).then(
          (packed) => {
            const results = unpackResults(packed)
            part.forEach((w, k) => {
              w.resolve(results[k] as InferenceResult)
            })
          },
          (error: unknown) => {
            for (const w of part) w.reject(error)
          },
        )
      }
    }
  }

  function modelOf(modelId: string): Model {
    const model = models.get(modelId)
    if (!model) throw new PoolError(`unknown model id ${modelId}: load it first`, { modelId })
    return model
  }

  function checkRun(model: Model, run: RunRef, field: string): void {
    if (!model.info.variants[run.variant]) {
      const why = explainMissingVariant(model.ref.spec, run.variant) ?? `unknown variant ${run.variant}`
      throw new InputError(`${field}.variant: model ${model.info.id} has no ${run.variant} variant: ${why}`)
    }
    checkHardwareOnce(run.hardware, `${field}.hardware`)
  }

  /** Simulations pass the same few profile objects again and again: check each object once. */
  function checkHardwareOnce(hardware: HardwareProfile, field: string): void {
    if (checked.has(hardware)) return
    checkHardware(hardware, field)
    checked.add(hardware)
  }

  const decoders = createDecoderPort({ call, workers, checkHardwareOnce, generationTolerance })

  return {
    async load(spec: ModelSpec, options = {}) {
      if (isGeneratingModel(spec)) return decoders.load(spec)
      const absolute: ForwardModelSpec = spec.kind === 'file' ? { ...spec, path: resolve(spec.path) } : spec
      const info = await describeModel(absolute)
      const ref: ModelRef = { id: info.id, spec: absolute, hash: info.hash }
      models.set(info.id, { ref, info })
      // Warm-up, best effort: concurrent tasks go to idle workers, so each worker usually builds
      // its variants here instead of during the first measured jobs, and worker-side failures
      // show now.
      // A catalog's many models warm only what its hosts run: every variant of 50 models on every
      // worker held ~95 MiB of sessions no job opened (bench/catalog.ts).
      const { warm } = options as { warm?: readonly VariantName[] }
      const variants = (Object.keys(info.variants) as VariantName[]).filter((v) => !warm || warm.includes(v))
      const warmups = Array.from({ length: workers }, () => variants)
        .flat()
        .map((variant) =>
          call('infer', {
            model: ref,
            run: { variant, hardware: REFERENCE_HARDWARE },
            inputSeed: 0,
            tolerance,
          }),
        )
      await Promise.all(warmups)
      return info
    },
    infer(request) {
      if (decoders.has(request.modelId)) return decoders.infer(request)
      if (request.generation) return Promise.reject(notGenerating(request.modelId))
      let model: Model
      const run: RunRef = { variant: request.variant, hardware: request.hardware }
      if (request.salt !== undefined) run.salt = request.salt
      try {
        model = modelOf(request.modelId)
        checkRun(model, run, 'request')
      } catch (error) {
        return Promise.reject(error)
      }
      // Not an async function: that would wrap this promise in one more, per request.
      return new Promise<InferenceResult>((resolve, reject) => {
        let queue = waiting.get(model)
        if (!queue) {
          queue = []
          waiting.set(model, queue)
        }
        queue.push({
          run,
          inputSeed: request.inputSeed,
          checkpoints: request.checkpoints ?? true,
          output: request.output ?? true,
          resolve,
          reject,
        })
        // Requests made in the same turn of the event loop leave together, in batches.
        if (!flushing) {
          flushing = true
          setImmediate(flush)
        }
      })
    },
    async inferBatch(requests) {
      const first = requests[0]
      if (!first) return []
      if (decoders.has(first.modelId)) return decoders.inferBatch(requests)
      if (first.generation) throw notGenerating(first.modelId)
      const model = modelOf(first.modelId)
      const run: RunRef = { variant: first.variant, hardware: first.hardware }
      if (first.salt !== undefined) run.salt = first.salt
      checkRun(model, run, 'requests[0]')
      const key = runKey(run)
      for (const [i, request] of requests.entries()) {
        if (request.modelId !== first.modelId || runKey(request) !== key || request.generation) {
          throw new InputError(
            `requests[${i}] (${request.modelId}, ${runKey(request)}) is not in requests[0]'s batch (${first.modelId}, ${key}): a batch runs one model, variant and hardware`,
          )
        }
      }
      const packed = await call('inferBatch', {
        model: model.ref,
        run,
        inputSeeds: requests.map((r) => r.inputSeed),
        checkpoints: requests.map((r) => r.checkpoints ?? true),
        outputs: requests.map((r) => r.output ?? true),
        tolerance,
      })
      return unpackResults(packed)
    },
    async compare(request) {
      if (decoders.has(request.modelId)) return decoders.compare(request)
      if (request.generation) throw notGenerating(request.modelId)
      const model = modelOf(request.modelId)
      checkRun(model, request.claimed, 'claimed')
      checkRun(model, request.reference, 'reference')
      const { claimed, reference, inputSeed } = request
      // The task carries its own tolerance, so an exact request is compared on raw bits in the worker.
      return call('compare', {
        model: model.ref,
        claimed,
        reference,
        inputSeed,
        tolerance: request.exact ? 0 : tolerance,
      })
    },
    async checkLayer(request) {
      if (decoders.has(request.modelId)) return decoders.checkLayer(request)
      if (request.generation) throw notGenerating(request.modelId)
      const model = modelOf(request.modelId)
      checkRun(model, request.claimed, 'claimed')
      checkHardware(request.hardware, 'hardware')
      const { layer } = request
      if (!(Number.isSafeInteger(layer) && layer >= 1 && layer <= model.info.layers)) {
        throw new InputError(`layer must be an integer in [1, ${model.info.layers}], got ${layer}`)
      }
      const { claimed, hardware, inputSeed } = request
      return call('checkLayer', { model: model.ref, layer, claimed, hardware, inputSeed, tolerance })
    },
    async generate(job) {
      const variant = job.variant ?? { kind: 'honest' }
      const hardware = job.hardware ?? REFERENCE_HARDWARE
      // Checked here, where errors keep their class, before anything crosses a thread.
      checkDecoderSpec(job.decoder, variant)
      checkGenerationRequest(job.request, job.decoder)
      checkHardware(hardware, 'hardware')
      const task = { decoder: job.decoder, variant, hardware, request: job.request }
      return call('generate', job.cheat ? { ...task, cheat: job.cheat } : task)
    },
    async verifyGeneration(check) {
      const hardware = check.hardware ?? REFERENCE_HARDWARE
      checkDecoderSpec(check.decoder)
      checkGenerationRequest(check.request, check.decoder)
      checkHardware(hardware, 'hardware')
      const tolerance = check.tolerance ?? generationTolerance
      return call('verifyGeneration', { ...check, hardware, tolerance })
    },
    dispatch() {
      if (waiting.size === 0 && inFlight.size === 0) return undefined
      // Send what waits now rather than at the turn's end, so the workers start on it sooner.
      if (flushing) flush()
      // One turn of the event loop: piscina takes the workers' answers, and the tasks waiting in
      // `backlog` go out as workers free up.
      return new Promise<void>((resolve) => setImmediate(resolve))
    },
    async close() {
      if (closed) return
      closed = true
      const closedError = new PoolError('the inference pool is closed')
      for (const waiting of backlog.splice(0)) waiting.fail(closedError)
      await Promise.allSettled(inFlight)
      await pool.destroy()
    },
  }
}

function notGenerating(modelId: string): InputError {
  return new InputError(
    `model ${modelId} runs one forward pass per job; a generation order needs a decoder model`,
  )
}

/** A bundled worker is plain JavaScript: tsx's hooks would only slow its start. */
function withoutTsx(argv: readonly string[]): string[] {
  const flags = ['--import', '--require', '-r', '--loader', '--experimental-loader']
  const kept: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const next = argv[i + 1]
    if (flags.includes(arg) && next !== undefined && /\btsx\b/.test(next)) {
      i++
      continue
    }
    if (flags.some((flag) => arg.startsWith(`${flag}=`)) && /\btsx\b/.test(arg)) continue
    kept.push(arg)
  }
  return kept
}

/**
 * Workers load the TypeScript worker file, so they need tsx's loader even when the main thread got
 * TypeScript some other way (vitest). It is resolved to an absolute URL from here, so it works
 * whatever the current directory is.
 */
function workerExecArgv(): string[] {
  const argv = [...process.execArgv]
  const hasTsx = argv.some(
    (arg, i) => (arg.startsWith('--import=') || argv[i - 1] === '--import') && /\btsx\b/.test(arg),
  )
  if (!WORKER.endsWith('.ts') || hasTsx) return argv
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  return [...argv, '--import', tsx]
}
