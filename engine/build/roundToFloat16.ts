const bits = new Uint32Array(1)
const float = new Float32Array(bits.buffer)
/** Largest finite float16; anything that rounds beyond it overflows to infinity, as a cast does. */
const MAX_HALF = 65504

/**
 * The float32 value nearest to `value` that float16 can hold, rounding half to even as IEEE 754
 * casts do (onnxruntime's Cast included). Node 20 has no Math.f16round, so it is done by hand:
 * the spacing of float16 values around `value` is a power of two, which makes the division and
 * the product exact and the rounding the only inexact step.
 */
export function roundToFloat16(value: number): number {
  float[0] = value
  const single = float[0] as number
  if (!Number.isFinite(single) || single === 0) return single
  const exponent = (((bits[0] as number) >>> 23) & 0xff) - 127
  // float16 keeps 10 fraction bits; below 2^-14 it is subnormal with a fixed spacing of 2^-24.
  const spacing = 2 ** (Math.max(exponent, -14) - 10)
  const scaled = single / spacing
  const floor = Math.floor(scaled)
  const rest = scaled - floor
  const rounded = rest > 0.5 || (rest === 0.5 && floor % 2 !== 0) ? floor + 1 : floor
  const result = rounded * spacing
  if (Math.abs(result) > MAX_HALF) return result > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY
  // Keeps the sign of a value that rounded to zero, as float16 has a negative zero too.
  return result === 0 ? (single < 0 ? -0 : 0) : result
}
