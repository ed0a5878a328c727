import { concat, keccak256 } from 'ethers'
import type { Hex } from '../sim/ports.ts'

/** An inner Merkle node: keccak of the two children, smaller first (so proofs need no sides). */
export function hashPair(a: Hex, b: Hex): Hex {
  return keccak256(BigInt(a) < BigInt(b) ? concat([a, b]) : concat([b, a])) as Hex
}
