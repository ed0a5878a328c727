import type { MlpModelSpec, TransformerModelSpec } from '../../sim/index.ts'
import { buildMlp } from './buildMlp.ts'
import { buildTransformer } from './buildTransformer.ts'
import type { BuildOptions, BuiltModel, BuiltVariant } from './types.ts'

/** Builds one variant of a built-in model (see BuildOptions for skeletons and batched graphs). */
export function buildModel(
  spec: MlpModelSpec | TransformerModelSpec,
  variant: BuiltVariant,
  options: BuildOptions = { weights: true },
): BuiltModel {
  return spec.kind === 'mlp' ? buildMlp(spec, variant, options) : buildTransformer(spec, variant, options)
}
