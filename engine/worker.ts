/**
 * The piscina worker: the only code that runs inside worker threads. Sessions are cached per
 * (model, variant) for the worker's lifetime, because opening one costs far more than a run.
 */
import { InputError } from '../sim/errors.ts'
import { hashBytes } from './hashBytes.ts'
import { openModel } from './openModel.ts'
import type { InferTask, InferTaskResult } from './protocol.ts'
import { runInference } from './runInference.ts'
import type { OpenModel } from './types.ts'

const sessions = new Map<string, Promise<OpenModel>>()

export default async function infer(task: InferTask): Promise<InferTaskResult> {
  return runInference(await sessionFor(task), task.inputSeed, task.tolerance)
}

function sessionFor(task: InferTask): Promise<OpenModel> {
  const key = `${task.model.id}\n${task.variant}`
  let open = sessions.get(key)
  if (!open) {
    open = openChecked(task)
    sessions.set(key, open)
    // A failed open must not poison the cache: the next task retries and reports its own error.
    open.catch(() => sessions.delete(key))
  }
  return open
}

async function openChecked({ model, variant }: InferTask): Promise<OpenModel> {
  const open = await openModel(model.spec, variant)
  // Built models are rebuilt from a deterministic spec; only a file can change under our feet,
  // and a changed file would silently run a model other than the registered one.
  if (model.spec.kind === 'file' && hashBytes(open.model.bytes) !== model.hash) {
    await open.session.release()
    throw new InputError(`model file changed since it was loaded: ${model.spec.path}`, {
      hint: 'keep model files unchanged during a run',
    })
  }
  return open
}
