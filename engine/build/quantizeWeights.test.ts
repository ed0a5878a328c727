import onnxProto from 'onnx-proto'
import { describe, expect, it } from 'vitest'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import { openVariant } from '../run/openVariant.ts'
import { quantizeWeights } from './quantizeWeights.ts'
import type { BuiltModel } from './types.ts'

const { onnx } = onnxProto

/** y = x·Wᵀ + b through a Gemm with transB, as exporters write linear layers. */
function gemmModel(weights: number[], transB: number, alpha = 1): BuiltModel {
  const info = (name: string, n: number) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: n }] } } },
    })
  const graph = onnx.GraphProto.create({
    name: 'gemm',
    node: [
      onnx.NodeProto.create({
        opType: 'Gemm',
        input: ['x', 'W', 'b'],
        output: ['y'],
        attribute: [
          { name: 'transB', i: transB, type: 2 },
          { name: 'alpha', f: alpha, type: 1 },
        ],
      }),
    ],
    initializer: [
      onnx.TensorProto.create({ name: 'W', dims: [2, 3], dataType: 1, floatData: weights }),
      onnx.TensorProto.create({ name: 'b', dims: [2], dataType: 1, floatData: [0.5, -0.5] }),
    ],
    // Listing weights as inputs too, as files from before IR 4 do.
    input: [info('x', 3), onnx.ValueInfoProto.create({ name: 'W', type: { tensorType: { elemType: 1 } } })],
    output: [info('y', 2)],
  })
  const model = onnx.ModelProto.create({ irVersion: 9, opsetImport: [{ domain: '', version: 20 }], graph })
  return {
    model,
    flops: 0,
    checkpointNames: ['y'],
    checkpointShapes: [[1, 2]],
    inputName: 'x',
    inputShape: [1, 3],
  }
}

describe('quantizeWeights', () => {
  it('rewrites a transposed Gemm into integer ops that compute nearly the same thing', async () => {
    const honest = gemmModel([0.1, -0.2, 0.3, 0.4, 0.5, -0.6], 1)
    const int8 = quantizeWeights(honest)
    expect(int8.model.graph?.node?.map((n) => n.opType)).toEqual([
      'DynamicQuantizeLinear',
      'MatMulInteger',
      'Cast',
      'Mul',
      'Mul',
      'Add',
    ])
    // The float weight is gone; the int8 one is in [K, N] layout with 127 for the largest |w|.
    const q = int8.model.graph?.initializer?.find((init) => init.dataType === 3)
    expect(q?.dims).toEqual([3, 2])
    expect(Array.from(new Int8Array(q?.rawData?.buffer ?? new ArrayBuffer(0)))).toEqual([
      21, 85, -42, 106, 64, -127,
    ])
    expect(int8.model.graph?.initializer?.map((init) => init.name)).not.toContain('W')
    expect(int8.model.graph?.input?.map((info) => info.name)).toEqual(['x'])
    const [a, b] = await Promise.all(
      [honest, int8].map(async (model) => (await openVariant(model, REFERENCE_HARDWARE)).run(1)),
    )
    const [exact, approx] = [a?.[0] ?? new Float32Array(), b?.[0] ?? new Float32Array()]
    for (const [i, value] of exact.entries()) expect(approx[i]).toBeCloseTo(value, 1)
    expect(approx).not.toEqual(exact)
  })

  it('leaves Gemms it does not handle in float', () => {
    const scaled = gemmModel([1, 2, 3, 4, 5, 6], 1, 2)
    expect(quantizeWeights(scaled).model.graph?.node?.map((n) => n.opType)).toEqual(['Gemm'])
  })
})
