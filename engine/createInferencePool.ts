import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Piscina } from 'piscina'
import { BaseError, InputError } from '../sim/errors.ts'
import type {
  InferencePort,
  InferenceRequest,
  InferenceResult,
  ModelInfo,
  ModelSpec,
  VariantName,
} from '../sim/ports.ts'
import { describeModel } from './describeModel.ts'
import type { InferTask, InferTaskResult, ModelRef } from './protocol.ts'

export type InferencePoolOptions = {
  /** Worker threads; results are byte-identical whatever the count. */
  workers: number
  /** Quantization step of every digest. */
  tolerance: number
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url))
/** setTimeout's ceiling (~24.8 days); anything larger overflows to 1 ms and would reap idle workers. */
const NEVER = 2 ** 31 - 1

/**
 * The inference port on onnxruntime in piscina worker threads. Models are described in the calling
 * thread (hash, FLOPs, checkpoints) and built or read again inside each worker from the spec, so
 * no model bytes ever cross a thread boundary.
 */
export function createInferencePool(options: InferencePoolOptions): InferencePort {
  const { workers, tolerance } = options
  if (!(Number.isSafeInteger(workers) && workers >= 1)) {
    throw new InputError(`workers must be an integer ≥ 1, got ${workers}`)
  }
  if (!(Number.isFinite(tolerance) && tolerance > 0)) {
    throw new InputError(`tolerance must be a positive finite number, got ${tolerance}`)
  }
  const pool = new Piscina<InferTask, InferTaskResult>({
    filename: WORKER,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: NEVER,
    execArgv: workerExecArgv(),
  })
  const models = new Map<string, { ref: ModelRef; info: ModelInfo }>()

  const run = async (task: InferTask): Promise<InferenceResult> => {
    try {
      return await pool.run(task)
    } catch (cause) {
      // Errors are cloned across threads and lose their class; keep the message and add context.
      const message = cause instanceof Error ? cause.message : String(cause)
      throw new BaseError(`inference of ${task.model.id} (${task.variant}) failed: ${message}`, { cause })
    }
  }

  return {
    async load(spec: ModelSpec) {
      const absolute: ModelSpec = spec.kind === 'file' ? { ...spec, path: resolve(spec.path) } : spec
      const info = await describeModel(absolute)
      const ref: ModelRef = { id: info.id, spec: absolute, hash: info.hash }
      models.set(info.id, { ref, info })
      // Warm-up, best effort: concurrent tasks go to idle workers, so each worker usually opens its
      // sessions here instead of during the first measured jobs, and worker-side failures show now.
      const variants: VariantName[] = info.variants.lazy ? ['honest', 'lazy'] : ['honest']
      const warmups = Array.from({ length: workers }, () => variants)
        .flat()
        .map((variant) => run({ model: ref, variant, inputSeed: 0, tolerance }))
      await Promise.all(warmups)
      return info
    },
    async infer(request: InferenceRequest) {
      const model = models.get(request.modelId)
      if (!model) throw new BaseError(`unknown model id ${request.modelId}: load it first`)
      if (!model.info.variants[request.variant]) {
        throw new InputError(`model ${request.modelId} has no ${request.variant} variant`, {
          hint: 'file models and built models with lazySkipLayers: 0 run honest only',
        })
      }
      return run({ model: model.ref, variant: request.variant, inputSeed: request.inputSeed, tolerance })
    },
    async close() {
      await pool.destroy()
    },
  }
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
