import onnxProto from 'onnx-proto'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
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
    const lstm = onnx.NodeProto.create({ name: 'l1', opType: 'LSTM', input: ['x', 'W'], output: ['y'] })
    expect(() => countFlops(graph([lstm], [1, 8]), 'net.onnx')).toThrow(InputError)
    expect(() => countFlops(graph([lstm], [1, 8]), 'net.onnx')).toThrow(/LSTM node l1 in net\.onnx/)
  })
})

describe('countFlops of convolutional and reshaping ops', () => {
  const image = (dims: number[], extra: onnxProto.onnx.ITensorProto[], nodes: onnxProto.onnx.INodeProto[]) =>
    onnx.GraphProto.create({
      node: nodes,
      initializer: extra,
      input: [
        onnx.ValueInfoProto.create({
          name: 'x',
          type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
        }),
      ],
    })
  const tensor = (name: string, dims: number[], dataType = 1, int64Data?: number[]) =>
    onnx.TensorProto.create({ name, dims, dataType, ...(int64Data ? { int64Data } : {}) })
  const ints = (name: string, values: number[]) => ({ name, ints: values, type: 7 })

  it('counts a padded, strided Conv with bias, a pool and a global pool', () => {
    // [1,3,8,8] → Conv 4×3×3×3, pad 1, stride 2 → [1,4,4,4] → MaxPool 2×2 → [1,4,2,2] → GAP.
    const g = image(
      [1, 3, 8, 8],
      [tensor('W', [4, 3, 3, 3]), tensor('B', [4])],
      [
        node('Conv', ['x', 'W', 'B'], ['c'], [ints('pads', [1, 1, 1, 1]), ints('strides', [2, 2])]),
        node('Relu', ['c'], ['r']),
        node('MaxPool', ['r'], ['p'], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]),
        node('GlobalAveragePool', ['p'], ['g']),
        node('Flatten', ['g'], ['f']),
      ],
    )
    const conv = 2 * (4 * 4 * 4) * (3 * 3 * 3) + 4 * 4 * 4
    const relu = 4 * 4 * 4
    const pool = 4 * 2 * 2 * 4
    const gap = 4 * 2 * 2
    expect(countFlops(g, 'test')).toBe(conv + relu + pool + gap)
  })

  it('counts a grouped Conv by its channels per group, and SAME padding keeps the size', () => {
    const g = image(
      [1, 4, 5, 5],
      [tensor('W', [4, 2, 3, 3])],
      [
        node(
          'Conv',
          ['x', 'W'],
          ['c'],
          [
            { name: 'group', i: 2, type: 2 },
            { name: 'auto_pad', s: new TextEncoder().encode('SAME_UPPER'), type: 3 },
          ],
        ),
      ],
    )
    expect(countFlops(g, 'test')).toBe(2 * (4 * 5 * 5) * (2 * 3 * 3))
  })

  it('moves data for free through Concat, Unsqueeze, Squeeze and Gather', () => {
    const g = image(
      [2, 3],
      [tensor('E', [10, 3]), tensor('idx', [4], 7, [1, 2, 3, 4]), tensor('ax', [1], 7, [0])],
      [
        node('Concat', ['x', 'x'], ['c'], [{ name: 'axis', i: 0, type: 2 }]),
        node('Unsqueeze', ['c', 'ax'], ['u']),
        node('Squeeze', ['u', 'ax'], ['s']),
        node('Gather', ['E', 'idx'], ['e']),
        node('MatMul', ['e', 'W3'], ['m']),
      ],
    )
    g.initializer?.push(tensor('W3', [3, 2]))
    // Only the MatMul of the [4,3] embedding by [3,2] costs anything.
    expect(countFlops(g, 'test')).toBe(2 * 4 * 3 * 2)
  })
})
