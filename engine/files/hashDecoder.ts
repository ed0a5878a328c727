import type { Hex } from '../../sim/index.ts'
import { hashBytes } from '../run/hashBytes.ts'

/**
 * A decoder's registry key: the hash of its two graphs' hashes, prefill first. Hashes rather
 * than bytes are joined so the boundary between the graphs cannot move; a built-in decoder and
 * the same graphs saved as files hash alike.
 */
export function hashDecoder(prefill: Uint8Array, decode: Uint8Array): Hex {
  const joined = new Uint8Array(64)
  joined.set(Buffer.from(hashBytes(prefill).slice(2), 'hex'), 0)
  joined.set(Buffer.from(hashBytes(decode).slice(2), 'hex'), 32)
  return hashBytes(joined)
}
