import type { LayerCheckResult } from '../../sim/index.ts'
import { compareCheckpoint } from './compareCheckpoint.ts'
import type { OpenLayer } from './openLayer.ts'

/**
 * The referee's step: re-run one layer on the claimed run's previous checkpoint (or the job's
 * input for layer 1) and compare with the claimed checkpoint. A claimed checkpoint of the wrong
 * size cannot be a value of that layer, so it disagrees without running anything; the cost
 * reported is still the layer's, as a referee has to be ready to pay it.
 */
export async function refereeLayer(
  layerModel: OpenLayer,
  input: Float32Array,
  claimed: Float32Array[],
  layer: number,
  tolerance: number,
): Promise<LayerCheckResult> {
  const before = layer === 1 ? input : claimed[layer - 2]
  const after = claimed[layer - 1]
  const size = (shape: number[]) => shape.reduce((product, dim) => product * dim, 1)
  if (
    !before ||
    !after ||
    before.length !== size(layerModel.inputShape) ||
    after.length !== size(layerModel.outputShape)
  ) {
    return { agree: false, flops: layerModel.flops }
  }
  const recomputed = await layerModel.run(before)
  return { agree: compareCheckpoint(after, recomputed, tolerance), flops: layerModel.flops }
}
