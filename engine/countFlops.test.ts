import onnxProto from 'onnx-proto'
import { describe, expect, it } from 'vitest'
import { InputError } from '../sim/errors.ts'
import { countFlops } from './countFlops.ts'

const { onnx } = onnxProto

function graph(nodes: onnxProto.onnx.INodeProto[], inputDims: (number | string)[]) {
  return onnx.GraphProto.create({
    node: nodes,
    initializer: [
      onnx.TensorProto.create({ name: 'W', dims: [5, 8] }),
      onnx.TensorProto.create({ name: 'b', dims: [5] }),
    ],
    input: [
      onnx.ValueInfoProto.create({
        name: 'x',
        type: {
          tensorType: {
            elemType: 1,
            shape: { dim: inputDims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
          },
        },
      }),
    ],
  })
}

describe('countFlops', () => {
  it('counts Gemm with a transposed weight and a bias, symbolic batch as 1', () => {
    const gemm = onnx.NodeProto.create({
      opType: 'Gemm',
      input: ['x', 'W', 'b'],
      output: ['y'],
      attribute: [{ name: 'transB', i: 1, type: onnx.AttributeProto.AttributeType.INT }],
    })
    const sigmoid = onnx.NodeProto.create({ opType: 'Sigmoid', input: ['y'], output: ['z'] })
    expect(countFlops(graph([gemm, sigmoid], ['batch', 8]), 'test')).toBe(2 * 8 * 5 + 5 + 5)
  })

  it('survives an encode/decode round trip (int64 dims come back as Long)', () => {
    const matmul = onnx.NodeProto.create({ opType: 'MatMul', input: ['x', 'b'], output: ['y'] })
    const decoded = onnx.GraphProto.decode(onnx.GraphProto.encode(graph([matmul], [1, 5])).finish())
    expect(countFlops(decoded, 'test')).toBe(2 * 5)
  })

  it('refuses ops it cannot count instead of undercounting', () => {
    const conv = onnx.NodeProto.create({ name: 'c1', opType: 'Conv', input: ['x', 'W'], output: ['y'] })
    expect(() => countFlops(graph([conv], [1, 8]), 'net.onnx')).toThrow(InputError)
    expect(() => countFlops(graph([conv], [1, 8]), 'net.onnx')).toThrow(/Conv node c1 in net\.onnx/)
  })
})
