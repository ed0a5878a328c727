import { resolve } from 'node:path'
import type { ModelSpec } from '../../sim/index.ts'

/**
 * A readable handle that is the same for the same spec, so scenarios, traces and worker caches
 * can all key on it. File paths are made absolute so two spellings of one file share an id; the
 * cheats are part of it because they change the variants.
 */
export function deriveModelId(spec: ModelSpec): string {
  if (spec.kind === 'decoderFile')
    return `decoderFile:${resolve(spec.prefill)}:${resolve(spec.decode)}:${JSON.stringify(spec.cheats)}`
  if (spec.kind === 'decoder') {
    const { vocab, width, heads, blocks, context, ffMult, seed } = spec
    return `decoder:v${vocab}:w${width}:h${heads}:b${blocks}:c${context}:f${ffMult}:s${seed}:${JSON.stringify(spec.cheats)}`
  }
  const { skipLayers, noiseScale, substituteWidth } = spec.cheats
  const cheats = `k${skipLayers}:n${noiseScale}:u${substituteWidth}`
  if (spec.kind === 'file') return `file:${resolve(spec.path)}:${cheats}`
  if (spec.kind === 'mlp') {
    const { width, depth, inputSize, outputSize, seed } = spec
    return `mlp:w${width}:d${depth}:i${inputSize}:o${outputSize}:s${seed}:${cheats}`
  }
  const { dModel, heads, blocks, seqLen, ffMult, seed } = spec
  return `transformer:d${dModel}:h${heads}:b${blocks}:n${seqLen}:f${ffMult}:s${seed}:${cheats}`
}
