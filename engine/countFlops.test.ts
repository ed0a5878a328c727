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
      onnx.TensorProto.create({ name: 'split', dims: [3], dataType: 7, int64Data: [4, 2, 3] }),
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

const node = (
  opType: string,
  input: string[],
  output: string[],
  attribute: onnxProto.onnx.IAttributeProto[] = [],
) => onnx.NodeProto.create({ opType, input, output, attribute })

describe('countFlops', () => {
  it('counts Gemm with a transposed weight and a bias, symbolic batch as 1', () => {
    const gemm = node('Gemm', ['x', 'W', 'b'], ['y'], [{ name: 'transB', i: 1, type: 2 }])
    expect(countFlops(graph([gemm, node('Sigmoid', ['y'], ['z'])], ['batch', 8]), 'test')).toBe(
      2 * 8 * 5 + 5 + 5,
    )
  })

  it('survives an encode/decode round trip (int64 dims come back as Long)', () => {
    const decoded = onnx.GraphProto.decode(
      onnx.GraphProto.encode(graph([node('MatMul', ['x', 'b'], ['y'])], [1, 5])).finish(),
    )
    expect(countFlops(decoded, 'test')).toBe(2 * 5)
  })

  it('follows Reshape and Transpose shapes into batched attention matmuls', () => {
    // x [4, 6] → [4, 2, 3] → heads [2, 4, 3] and [2, 3, 4] → scores [2, 4, 4] → Softmax.
    const nodes = [
      node('Reshape', ['x', 'split'], ['s']),
      node('Transpose', ['s'], ['q'], [{ name: 'perm', ints: [1, 0, 2], type: 7 }]),
      node('Transpose', ['s'], ['k'], [{ name: 'perm', ints: [1, 2, 0], type: 7 }]),
      node('MatMul', ['q', 'k'], ['scores']),
      node('Softmax', ['scores'], ['p']),
      node('LayerNormalization', ['p'], ['n']),
      node('Gelu', ['n'], ['g']),
    ]
    expect(countFlops(graph(nodes, [4, 6]), 'test')).toBe(2 * 2 * 4 * 3 * 4 + (5 + 7 + 5) * 32)
  })

  it('counts integer matmuls at a quarter of float ones', () => {
    const nodes = [
      node('DynamicQuantizeLinear', ['x'], ['q', 'scale', 'zero']),
      node('MatMulInteger', ['q', 'W', 'zero'], ['i']),
      node('Cast', ['i'], ['f'], [{ name: 'to', i: 1, type: 2 }]),
      node('Mul', ['f', 'scale'], ['y']),
    ]
    expect(countFlops(graph(nodes, [3, 5]), 'test')).toBe(4 * 15 + (2 * 3 * 5 * 8) / 4 + 24 + 24)
  })

  it('refuses ops it cannot count instead of undercounting', () => {
    const conv = onnx.NodeProto.create({ name: 'c1', opType: 'Conv', input: ['x', 'W'], output: ['y'] })
    expect(() => countFlops(graph([conv], [1, 8]), 'net.onnx')).toThrow(InputError)
    expect(() => countFlops(graph([conv], [1, 8]), 'net.onnx')).toThrow(/Conv node c1 in net\.onnx/)
  })
})
