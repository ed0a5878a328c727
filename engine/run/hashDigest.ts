import type { Hex } from '../../sim/index.ts'
import { hashBytes } from './hashBytes.ts'

/** The hash a chunk digest is committed by: (int32 index, float32 value) pairs, little endian. */
export function hashDigest(indices: number[], values: number[]): Hex {
  const bytes = new Uint8Array(indices.length * 8)
  const view = new DataView(bytes.buffer)
  for (const [i, index] of indices.entries()) {
    view.setInt32(i * 8, index, true)
    view.setFloat32(i * 8 + 4, values[i] as number, true)
  }
  return hashBytes(bytes)
}
