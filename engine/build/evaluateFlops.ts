import type { FlopPolynomial } from './decoderTypes.ts'

/** FLOPs of a decoder pass at length n (prefill: tokens fed; decode: tokens already cached). */
export function evaluateFlops([c0, c1, c2]: FlopPolynomial, n: number): number {
  return c0 + c1 * n + c2 * n * n
}
