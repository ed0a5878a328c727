import { resolve } from 'node:path'
import type { ModelSpec } from '../sim/ports.ts'

/**
 * A readable handle that is the same for the same spec, so scenarios, traces and worker caches
 * can all key on it. File paths are made absolute so two spellings of one file share an id.
 */
export function deriveModelId(spec: ModelSpec): string {
  if (spec.kind === 'file') return `file:${resolve(spec.path)}`
  const { width, depth, inputSize, outputSize, seed, lazySkipLayers } = spec
  return `mlp:w${width}:d${depth}:i${inputSize}:o${outputSize}:s${seed}:k${lazySkipLayers}`
}
