import type { Hex } from '../../sim/index.ts'
import { keccakHex } from './keccakHex.ts'

/** A checkpoint tree's inner node: 0x01, then left and right in their order (position matters). */
export function hashCheckpointNode(left: Hex, right: Hex): Hex {
  return keccakHex('0x01', left, right)
}
