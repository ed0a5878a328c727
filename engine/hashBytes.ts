import { createHash } from 'node:crypto'
import type { Hex } from '../sim/ports.ts'

/** sha256 as 0x-prefixed hex: the form model hashes and digests take on chain. */
export function hashBytes(bytes: Uint8Array): Hex {
  return `0x${createHash('sha256').update(bytes).digest('hex')}`
}
