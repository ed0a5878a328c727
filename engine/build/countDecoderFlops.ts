import onnxProto from 'onnx-proto'
import { analyzeGraph } from '../graph/analyzeGraph.ts'
import type { FlopPolynomial } from './decoderTypes.ts'

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
    prefillFlops: fitPolynomial((n) => flopsAt(prefill, () => n, source)),
    decodeFlops: fitPolynomial((n) => flopsAt(decode, (name) => (name === past ? n : undefined), source)),
  }
}

/** FLOPs of a graph with its symbolic input dimensions set by `length` (undefined: left as 1). */
function flopsAt(model: Model, length: (dimParam: string) => number | undefined, source: string): number {
  const graph = model.graph ?? {}
  const input = (graph.input ?? []).map((info) => {
    const dim = info.type?.tensorType?.shape?.dim?.map((d) => {
      const value = d.dimParam ? length(d.dimParam) : undefined
      return value === undefined ? d : { dimValue: value }
    })
    return onnxProto.onnx.ValueInfoProto.create({
      ...info,
      type: { tensorType: { ...info.type?.tensorType, shape: { dim } } },
    })
  })
  return analyzeGraph({ ...graph, input }, source).flops
}

/**
 * The exact polynomial through n = 1, 2, 3: attention makes prefill quadratic in its length and
 * decode linear in the past's, and every other op is linear or constant. (analyzeGraph reads a
 * zero-length dimension as 1, so n = 0 comes from the polynomial, not from a walk.)
 */
function fitPolynomial(flops: (n: number) => number): FlopPolynomial {
  const [f1, f2, f3] = [flops(1), flops(2), flops(3)]
  const c2 = (f3 - 2 * f2 + f1) / 2
  const c1 = f2 - f1 - 3 * c2
  return [f1 - c1 - c2, c1, c2]
}
