import { concat, keccak256 } from 'ethers'
import type { Hex } from '../sim/ports.ts'

/** A checkpoint tree's leaf node; the 0x00 prefix keeps it apart from inner nodes (0x01). */
export function hashCheckpointLeaf(digest: Hex): Hex {
  return keccak256(concat(['0x00', digest])) as Hex
}
