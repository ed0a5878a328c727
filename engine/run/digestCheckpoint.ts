import { InputError } from '../../errors/index.ts'
import type { Hex } from '../../sim/index.ts'
import { hashBytes } from './hashBytes.ts'

/**
 * Digest of one checkpoint. With tolerance 0 it is over the raw float32 bits (little endian):
 * exact-hash checking, which any bit of kernel or hardware difference breaks. Otherwise it is over
 * the values quantized to multiples of `tolerance`, so differences well below it mostly vanish.
 * Only "mostly": a value within float noise of a rounding boundary can fall on either side, so
 * honest hosts on different hardware can still disagree on a digest; tolerance comparisons
 * (compareCheckpoint) and the referee's layer check are what decide disputes.
 *
 * Quantized values are written as int32 little endian so the bytes never depend on the platform;
 * values beyond the int32 range wrap (ToInt32), which stays deterministic.
 */
export function digestCheckpoint(values: Float32Array, tolerance: number): Hex {
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new InputError(`tolerance must be a finite number ≥ 0, got ${tolerance}`)
  }
  // Typed arrays write the platform's byte order: on a little-endian machine (all of ours) they
  // already hold the digest's bytes, with no per-value DataView call; elsewhere DataView fixes it.
  if (tolerance === 0) {
    if (LITTLE_ENDIAN) return hashBytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
    const bytes = new Uint8Array(values.length * 4)
    const view = new DataView(bytes.buffer)
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true)
    return hashBytes(bytes)
  }
  // Int32Array stores by ToInt32, the same wrap as DataView.setInt32.
  const { quantized, bytes } = scratchFor(values.length)
  for (let i = 0; i < values.length; i++) quantized[i] = roundHalfUp((values[i] as number) / tolerance)
  if (!LITTLE_ENDIAN) {
    const view = new DataView(quantized.buffer)
    for (let i = 0; i < quantized.length; i++) view.setInt32(i * 4, quantized[i] as number, true)
  }
  return hashBytes(bytes)
}

/**
 * Reused buffers per checkpoint length: a small model's digest spent more on allocating its two
 * typed arrays than on quantizing. Safe because hashing is synchronous and a module instance
 * belongs to one thread; a model has only a few distinct checkpoint lengths.
 */
const scratch = new Map<number, { quantized: Int32Array; bytes: Uint8Array }>()
const MAX_SCRATCH = 32

function scratchFor(length: number): { quantized: Int32Array; bytes: Uint8Array } {
  let found = scratch.get(length)
  if (!found) {
    if (scratch.size >= MAX_SCRATCH) scratch.clear()
    const quantized = new Int32Array(length)
    found = { quantized, bytes: new Uint8Array(quantized.buffer) }
    scratch.set(length, found)
  }
  return found
}

/**
 * Math.round, about 3x faster on checkpoint-sized arrays: Math.round's ties test is a branch that
 * random data mispredicts half the time, while this one is almost never taken. floor(y + 0.5)
 * differs from Math.round only where y + 0.5 rounds up to the next integer (y just below a half,
 * or an odd integer beyond 2^52), and there r - 0.5 > y.
 */
export function roundHalfUp(y: number): number {
  const r = Math.floor(y + 0.5)
  return r - 0.5 > y ? r - 1 : r
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
