import type { ForwardModelSpec, VariantName } from '../../sim/index.ts'

/**
 * Why a model has no such variant, or undefined when it has it. A file model has no layer
 * structure to drop or shrink; a skip variant needs at least one layer skipped and one kept.
 */
export function explainMissingVariant(spec: ForwardModelSpec, variant: VariantName): string | undefined {
  if (spec.kind === 'file') {
    return variant === 'skip' || variant === 'substitute'
      ? `model.file: ${spec.path} has no ${variant} variant (a file model runs honest, int8 or noise)`
      : undefined
  }
  if (variant !== 'skip') return undefined
  const layers = spec.kind === 'mlp' ? spec.depth : spec.blocks
  const { skipLayers } = spec.cheats
  return skipLayers >= 1 && skipLayers < layers
    ? undefined
    : `model.cheats.skipLayers is ${skipLayers}; the skip variant needs it in [1, ${layers}) for a model of ${layers} ${spec.kind === 'mlp' ? 'hidden layers' : 'blocks'}`
}
