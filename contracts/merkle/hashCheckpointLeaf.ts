import type { Hex } from '../../sim/index.ts'
import { keccakHex } from './keccakHex.ts'

/** A checkpoint tree's leaf node; the 0x00 prefix keeps it apart from inner nodes (0x01). */
export function hashCheckpointLeaf(digest: Hex): Hex {
  return keccakHex('0x00', digest)
}
