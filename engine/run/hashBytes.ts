import * as crypto from 'node:crypto'
import type { Hex } from '../../sim/index.ts'

// crypto.hash (Node 20.12+) skips the Hash object: about a third cheaper on checkpoint-sized input.
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash

/** sha256 as 0x-prefixed hex: the form model hashes and digests take on chain. */
export function hashBytes(bytes: Uint8Array): Hex {
  if (oneShot) return `0x${oneShot('sha256', bytes, 'hex')}`
  return `0x${crypto.createHash('sha256').update(bytes).digest('hex')}`
}
