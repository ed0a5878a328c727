import { concat, keccak256 } from 'ethers'
import type { Hex } from '../sim/ports.ts'

/** A checkpoint tree's inner node: 0x01, then left and right in their order (position matters). */
export function hashCheckpointNode(left: Hex, right: Hex): Hex {
  return keccak256(concat(['0x01', left, right])) as Hex
}
