import { InputError } from '../../errors/index.ts'
import type { TransformerModelSpec } from '../../sim/index.ts'
import { checkCheats } from './checkCheats.ts'

/** Rejects a transformer spec the builder cannot honour, naming the field. */
export function checkTransformerSpec(spec: TransformerModelSpec): void {
  for (const field of ['dModel', 'heads', 'blocks', 'seqLen', 'ffMult'] as const) {
    const value = spec[field]
    if (!(Number.isSafeInteger(value) && value >= 1)) {
      throw new InputError(`model.${field} must be an integer ≥ 1, got ${value}`)
    }
  }
  if (spec.dModel % spec.heads !== 0) {
    throw new InputError(`model.dModel must be a multiple of model.heads (${spec.heads}), got ${spec.dModel}`)
  }
  if (!Number.isSafeInteger(spec.seed)) {
    throw new InputError(`model.seed must be an integer, got ${spec.seed}`)
  }
  checkCheats(spec.cheats)
}
