import { BaseError, type ErrorKind } from './BaseError.ts'

export type PoolErrorOptions = {
  /** The worker task that failed: `run`, `describe`, `checkLayer`... */
  task?: string | undefined
  /** The model it ran on. */
  modelId?: string | undefined
  /** 'internal' (the default): a worker that fails is a bug unless the input caused it. */
  kind?: ErrorKind
  hint?: string | undefined
  cause?: unknown
}

/** The inference worker pool failed a task, or was used after it closed. */
export class PoolError extends BaseError {
  override name = 'PoolError'
  readonly task: string | undefined
  readonly modelId: string | undefined

  constructor(reason: string, options: PoolErrorOptions = {}) {
    const { task, modelId, kind = 'internal', hint, cause } = options
    super(reason, { kind, hint, cause })
    this.task = task
    this.modelId = modelId
  }
}
