import { InputError } from '../sim/errors.ts'
import type { ModelSpec, VariantName } from '../sim/ports.ts'
import { buildMlp } from './buildMlp.ts'
import { loadModelFile } from './loadModelFile.ts'
import { openSession } from './openSession.ts'
import type { OpenModel } from './types.ts'

/** Builds or reads one variant of a model and opens a session for it; the caller owns the session. */
export async function openModel(spec: ModelSpec, variant: VariantName): Promise<OpenModel> {
  if (spec.kind === 'file') {
    if (variant !== 'honest') {
      throw new InputError(`model file ${spec.path} has no ${variant} variant`, {
        hint: 'file models run honest only; use a built-in model for dishonest hosts',
      })
    }
    return loadModelFile(spec.path)
  }
  const model = buildMlp(spec, variant)
  return { model, session: await openSession(model.bytes) }
}
