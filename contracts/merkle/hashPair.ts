import type { Hex } from '../../sim/index.ts'
import { keccakHex } from './keccakHex.ts'

/**
 * An inner Merkle node: keccak of the two children, smaller first (so proofs need no sides).
 * Equal-length hex compares as the numbers it spells once the case is the same.
 */
export function hashPair(a: Hex, b: Hex): Hex {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  return x < y ? keccakHex(x, y) : keccakHex(y, x)
}
