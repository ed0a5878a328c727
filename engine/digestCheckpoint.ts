import { InputError } from '../sim/errors.ts'
import type { Hex } from '../sim/ports.ts'
import { hashBytes } from './hashBytes.ts'

/**
 * Digest of one checkpoint over tolerance-quantized values. Honest hosts on different kernels,
 * thread counts or CPUs disagree in the last bits of a float; rounding every value to a multiple
 * of `tolerance` first makes those differences vanish, so honest results hash alike. It is only
 * "mostly": a value lying within float noise of a rounding boundary can still fall on either
 * side, which is the false-slash risk the simulator measures rather than hides.
 *
 * Quantized values are written as int32 little endian so the bytes never depend on the platform;
 * values beyond the int32 range wrap (ToInt32), which stays deterministic.
 */
export function digestCheckpoint(values: Float32Array, tolerance: number): Hex {
  if (!(Number.isFinite(tolerance) && tolerance > 0)) {
    throw new InputError(`tolerance must be a positive finite number, got ${tolerance}`)
  }
  const bytes = new Uint8Array(values.length * 4)
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < values.length; i++) {
    view.setInt32(i * 4, Math.round((values[i] as number) / tolerance), true)
  }
  return hashBytes(bytes)
}
