import onnxProto from 'onnx-proto'
import { analyzeGraph } from '../graph/analyzeGraph.ts'
import type { FlopPolynomial } from './decoderTypes.ts'

type Model = onnxProto.onnx.IModelProto

/**
 * A graph's FLOPs as a polynomial in one length n, counted at n = 1, 2, 3: `length` gives each
 * symbolic input dimension's value at n (undefined: left as 1).
 */
export function fitFlops(
  model: Model,
  length: (dimParam: string, n: number) => number | undefined,
  source: string,
): FlopPolynomial {
  return fitPolynomial((n) => flopsAt(model, (dimParam) => length(dimParam, n), source))
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
