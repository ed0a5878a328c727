import { InputError } from '../../errors/index.ts'
import type { Hex } from '../../sim/index.ts'
import { hashPair } from './hashPair.ts'

export type MerkleTree = {
  root: Hex
  leaves: readonly Hex[]
  /** Siblings from the leaf up, for Protocol.sol's sorted-pair proof check. */
  proof(index: number): Hex[]
}

/**
 * A sorted-pair keccak Merkle tree, checked on chain like OpenZeppelin's MerkleProof. Levels are
 * built bottom up pairing neighbours; an odd node out moves up unchanged, so it adds no sibling
 * to the proof. A single leaf is its own root with an empty proof.
 */
export function buildMerkleTree(leaves: readonly Hex[]): MerkleTree {
  if (leaves.length === 0) throw new InputError('a Merkle tree needs at least one leaf')
  const levels: Hex[][] = [[...leaves]]
  for (let level = levels[0] as Hex[]; level.length > 1; ) {
    const next: Hex[] = []
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Hex
      const right = level[i + 1]
      next.push(right === undefined ? left : hashPair(left, right))
    }
    levels.push(next)
    level = next
  }
  const root = (levels[levels.length - 1] as Hex[])[0] as Hex
  return {
    root,
    leaves,
    proof(index) {
      if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
        throw new InputError(`leaf ${index} is not in a tree of ${leaves.length} leaves`)
      }
      const proof: Hex[] = []
      let position = index
      for (const level of levels.slice(0, -1)) {
        const sibling = level[position ^ 1]
        if (sibling !== undefined) proof.push(sibling)
        position >>= 1
      }
      return proof
    },
  }
}
