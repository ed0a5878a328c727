import type { ForwardModelSpec, ModelInfo } from '../../sim/index.ts'
import { buildModel } from '../build/buildModel.ts'
import { checkCheats } from '../build/checkCheats.ts'
import { explainMissingVariant } from '../build/explainMissingVariant.ts'
import { quantizeWeights } from '../build/quantizeWeights.ts'
import type { BuiltModel } from '../build/types.ts'
import { countParameters } from '../graph/countParameters.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { extractLayer } from '../graph/extractLayer.ts'
import { hashBytes } from '../run/hashBytes.ts'
import { deriveModelId } from './deriveModelId.ts'
import { loadModelFile } from './loadModelFile.ts'

const CHEATS = ['skip', 'int8', 'substitute', 'noise'] as const

/**
 * What the simulator needs to cost and register a model, computed in the calling thread: the
 * honest bytes' hash, the checkpoints, each layer's FLOPs (what a referee pays) and each
 * variant's FLOPs. Only the honest model is built with its weights (they make the hash); the
 * cheats' FLOPs come from skeletons, which matters when the weights run to gigabytes.
 */
export async function describeModel(spec: ForwardModelSpec): Promise<ModelInfo> {
  checkCheats(spec.cheats)
  let honest: BuiltModel
  let hash: ModelInfo['hash']
  if (spec.kind === 'file') {
    const file = await loadModelFile(spec.path)
    honest = file.model
    hash = hashBytes(file.bytes)
  } else {
    honest = buildModel(spec, 'honest')
    hash = hashBytes(encodeModel(honest.model))
  }
  const variants: ModelInfo['variants'] = { honest: { flops: honest.flops } }
  for (const variant of CHEATS) {
    if (explainMissingVariant(spec, variant)) continue
    variants[variant] = { flops: cheatFlops(spec, honest, variant) }
  }
  const layers = honest.checkpointNames.length
  return {
    id: deriveModelId(spec),
    hash,
    layers,
    layerFlops: Array.from({ length: layers }, (_, i) => extractLayer(honest, i + 1).flops),
    inputSize: honest.inputShape.reduce((product, dim) => product * dim, 1),
    parameters: countParameters(honest.model),
    variants,
  }
}

function cheatFlops(spec: ForwardModelSpec, honest: BuiltModel, variant: (typeof CHEATS)[number]): number {
  if (variant === 'noise') {
    return honest.checkpointShapes.reduce((sum, shape) => sum + shape.reduce((p, d) => p * d, 1), 0)
  }
  if (spec.kind === 'file') return quantizeWeights(honest).flops
  return buildModel(spec, variant, { weights: false }).flops
}
