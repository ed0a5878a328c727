import type { MlpModelSpec, TransformerModelSpec } from '../../sim/index.ts'
import { buildMlp } from './buildMlp.ts'
import { buildTransformer } from './buildTransformer.ts'
import type { BuiltModel, BuiltVariant } from './types.ts'

/** Builds one variant of a built-in model; `weights: false` gives a skeleton for counting FLOPs. */
export function buildModel(
  spec: MlpModelSpec | TransformerModelSpec,
  variant: BuiltVariant,
  options = { weights: true },
): BuiltModel {
  return spec.kind === 'mlp' ? buildMlp(spec, variant, options) : buildTransformer(spec, variant, options)
}
