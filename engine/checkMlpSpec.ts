import { InputError } from '../sim/errors.ts'
import type { MlpModelSpec } from '../sim/ports.ts'

/** Rejects an MLP spec the builder cannot honour, naming the field so the scenario can be fixed. */
export function checkMlpSpec(spec: MlpModelSpec): void {
  const positive = ['width', 'depth', 'inputSize', 'outputSize'] as const
  for (const field of positive) {
    const value = spec[field]
    if (!(Number.isSafeInteger(value) && value >= 1)) {
      throw new InputError(`model.${field} must be an integer ≥ 1, got ${value}`)
    }
  }
  if (!Number.isSafeInteger(spec.seed)) {
    throw new InputError(`model.seed must be an integer, got ${spec.seed}`)
  }
  const skip = spec.lazySkipLayers
  if (!(Number.isSafeInteger(skip) && skip >= 0 && skip < spec.depth)) {
    throw new InputError(
      `model.lazySkipLayers must be an integer in [0, depth), got ${skip} with depth ${spec.depth}`,
      {
        hint: 'the lazy variant keeps at least the first hidden layer',
      },
    )
  }
}
