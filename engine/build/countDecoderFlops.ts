import type onnxProto from 'onnx-proto'
import type { FlopPolynomial } from './decoderTypes.ts'
import { fitFlops } from './fitFlops.ts'

type Model = onnxProto.onnx.IModelProto

/**
 * A decoder's prefill(T) and decode(t) FLOPs as polynomials, counted from its two graphs at
 * concrete lengths: every symbolic dimension of the prefill is its sequence length, and the
 * decode step's past length is the symbolic length of its first cached keys (`past.k.0`, dim 1),
 * whatever the exporter named it. Built-in and file decoders are counted alike.
 */
export function countDecoderFlops(
  prefill: Model,
  decode: Model,
  source: string,
): { prefillFlops: FlopPolynomial; decodeFlops: FlopPolynomial } {
  const pastInput = decode.graph?.input?.find((input) => input.name === 'past.k.0')
  const past = pastInput?.type?.tensorType?.shape?.dim?.[1]?.dimParam ?? undefined
  return {
    prefillFlops: fitFlops(prefill, (_, n) => n, source),
    decodeFlops: fitFlops(decode, (name, n) => (name === past ? n : undefined), source),
  }
}
