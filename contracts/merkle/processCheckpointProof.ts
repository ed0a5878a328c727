import type { Hex } from '../../sim/index.ts'
import { hashCheckpointLeaf } from './hashCheckpointLeaf.ts'
import { hashCheckpointNode } from './hashCheckpointNode.ts'

/**
 * The root a proof leads to from `digest` as checkpoint `layer` (1-based): Protocol.sol's
 * `_checkpointRootOf`, for checks off chain. The layer's bits pick the side at each level.
 */
export function processCheckpointProof(digest: Hex, layer: number, proof: readonly Hex[]): Hex {
  let position = layer - 1
  return proof.reduce<Hex>((node, sibling) => {
    const parent = position % 2 === 0 ? hashCheckpointNode(node, sibling) : hashCheckpointNode(sibling, node)
    position = Math.floor(position / 2)
    return parent
  }, hashCheckpointLeaf(digest))
}
