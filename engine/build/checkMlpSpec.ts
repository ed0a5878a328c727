import { InputError } from '../../errors/index.ts'
import type { MlpModelSpec } from '../../sim/index.ts'
import { checkCheats } from './checkCheats.ts'

/** Rejects an MLP spec the builder cannot honour, naming the field so the scenario can be fixed. */
export function checkMlpSpec(spec: MlpModelSpec): void {
  for (const field of ['width', 'depth', 'inputSize', 'outputSize'] as const) {
    const value = spec[field]
    if (!(Number.isSafeInteger(value) && value >= 1)) {
      throw new InputError(`model.${field} must be an integer ≥ 1, got ${value}`)
    }
  }
  if (!Number.isSafeInteger(spec.seed)) {
    throw new InputError(`model.seed must be an integer, got ${spec.seed}`)
  }
  checkCheats(spec.cheats)
}
