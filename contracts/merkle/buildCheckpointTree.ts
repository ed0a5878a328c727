import { InputError } from '../../errors/index.ts'
import type { Hex } from '../../sim/index.ts'
import { hashCheckpointLeaf } from './hashCheckpointLeaf.ts'
import { hashCheckpointNode } from './hashCheckpointNode.ts'

export type CheckpointTree = {
  root: Hex
  /** Number of checkpoints (before padding). */
  size: number
  /** Siblings from the leaf up for checkpoint `layer` (1-based), for Protocol.sol's reveal. */
  proof(layer: number): Hex[]
}

// The padding node: no digest hashes to it, so a padded position can never be revealed.
const padding: Hex = `0x${'0'.repeat(64)}`

/**
 * The index-ordered Merkle tree over one job's layer digests that a leaf commits as its
 * checkpointRoot. Unlike the batch tree, a digest must prove its position (a bisection game asks
 * for checkpoint `mid`, not for any checkpoint), so siblings keep their order; the leaves are
 * padded to a power of two with a zero node, so every proof of a tree has the same
 * length, which the contract checks.
 */
export function buildCheckpointTree(digests: readonly Hex[]): CheckpointTree {
  if (digests.length === 0) throw new InputError('a checkpoint tree needs at least one digest')
  let width = 1
  while (width < digests.length) width *= 2
  const first = Array.from({ length: width }, (_, i) => {
    const digest = digests[i]
    return digest === undefined ? padding : hashCheckpointLeaf(digest)
  })
  const levels: Hex[][] = [first]
  for (let level = first; level.length > 1; ) {
    const next: Hex[] = []
    for (let i = 0; i < level.length; i += 2)
      next.push(hashCheckpointNode(level[i] as Hex, level[i + 1] as Hex))
    levels.push(next)
    level = next
  }
  return {
    root: (levels[levels.length - 1] as Hex[])[0] as Hex,
    size: digests.length,
    proof(layer) {
      if (!Number.isInteger(layer) || layer < 1 || layer > digests.length) {
        throw new InputError(`checkpoint ${layer} is not in a tree of ${digests.length} checkpoints`)
      }
      let position = layer - 1
      return levels.slice(0, -1).map((level) => {
        const sibling = level[position ^ 1] as Hex
        position >>= 1
        return sibling
      })
    },
  }
}
