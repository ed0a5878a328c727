import type { Hex } from '../../sim/index.ts'
import { hashPair } from './hashPair.ts'

/** The root a proof leads to from `leaf`: Protocol.sol's `_processProof`, for checks off chain. */
export function processMerkleProof(leaf: Hex, proof: readonly Hex[]): Hex {
  return proof.reduce<Hex>((node, sibling) => hashPair(node, sibling), leaf)
}
