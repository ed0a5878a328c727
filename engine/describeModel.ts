import type { ModelInfo, ModelSpec } from '../sim/ports.ts'
import { buildMlp } from './buildMlp.ts'
import { deriveModelId } from './deriveModelId.ts'
import { hashBytes } from './hashBytes.ts'
import { loadModelFile } from './loadModelFile.ts'

/**
 * What the simulator needs to cost and register a model, computed in the calling thread. A built
 * model with `lazySkipLayers: 0` has no lazy variant: it would be the honest model under another name.
 */
export async function describeModel(spec: ModelSpec): Promise<ModelInfo> {
  const id = deriveModelId(spec)
  if (spec.kind === 'file') {
    const { model, session } = await loadModelFile(spec.path)
    await session.release()
    const honest = { flops: model.flops }
    return {
      id,
      hash: hashBytes(model.bytes),
      layers: model.checkpointNames.length,
      inputSize: model.inputSize,
      variants: { honest },
    }
  }
  const honest = buildMlp(spec, 'honest')
  const variants: ModelInfo['variants'] = { honest: { flops: honest.flops } }
  if (spec.lazySkipLayers > 0) variants.lazy = { flops: buildMlp(spec, 'lazy').flops }
  return {
    id,
    hash: hashBytes(honest.bytes),
    layers: honest.checkpointNames.length,
    inputSize: spec.inputSize,
    variants,
  }
}
