import onnxProto from 'onnx-proto'
import { analyzeGraph } from '../graph/analyzeGraph.ts'
import type { FlopPolynomial } from './decoderTypes.ts'

type Model = onnxProto.onnx.IModelProto

/**
 * A prefill-style graph's FLOPs as a polynomial in its sequence length: every symbolic dimension
 * is that length (a decoder's prefill, or one block of it as the referee runs it).
 */
export function countPrefillFlops(model: Model, source: string): FlopPolynomial {
  return fitPolynomial((n) => flopsAt(model, () => n, source))
}

/** FLOPs of a graph with its symbolic input dimensions set by `length` (undefined: left as 1). */
export function flopsAt(
  model: Model,
  length: (dimParam: string) => number | undefined,
  source: string,
): number {
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
export function fitPolynomial(flops: (n: number) => number): FlopPolynomial {
  const [f1, f2, f3] = [flops(1), flops(2), flops(3)]
  const c2 = (f3 - 2 * f2 + f1) / 2
  const c1 = f2 - f1 - 3 * c2
  return [f1 - c1 - c2, c1, c2]
}
