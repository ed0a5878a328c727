import type onnxProto from 'onnx-proto'
import { toNumber } from './toNumber.ts'

type Node = onnxProto.onnx.INodeProto
export type Shape = number[]

/** What a node needs to know about its inputs: shapes, and values of small int64 constants. */
export type NodeInputs = { shapes: (Shape | null)[]; ints: (number[] | null)[] }
/** Output shapes (in output order) and the node's FLOPs; null when the op is not supported. */
export type NodeResult = { shapes: Shape[]; flops: number } | null

// A comparison (Greater: a causal mask from positions) costs one operation per element too.
const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Greater'])
const UNARY = new Set([
  'Relu',
  'Sigmoid',
  'Tanh',
  'Erf',
  'Sqrt',
  'Exp',
  'Log',
  'Abs',
  'Neg',
  'Reciprocal',
  'Cast',
  'LeakyRelu',
  'Clip',
  'HardSigmoid',
  'Softplus',
])
const MOVES = new Set(['Identity', 'Dropout'])
/** Per-element FLOPs of composite ops, counted as the elementwise steps they stand for. */
const PER_ELEMENT: Record<string, number> = {
  // x / sqrt(2), erf, + 1, * x, * 0.5
  Gelu: 5,
  // max, subtract, exp, sum, divide
  Softmax: 5,
  // mean sum, centre, square, variance sum, scale by 1/std, gamma, beta
  LayerNormalization: 7,
  // min and max for the range, then scale and round
  DynamicQuantizeLinear: 4,
  // centre, scale by 1/std, gamma, beta (inference: statistics are constants)
  BatchNormalization: 4,
  // scale and shift, clip below and above, times x
  HardSwish: 4,
}
/** An integer multiply-add costs a quarter of a float one (int8 SIMD does 4× the lanes of fp32). */
const INTEGER_FLOP_RATIO = 4

export const SUPPORTED_OPS = [
  'MatMul',
  'Gemm',
  'MatMulInteger',
  ...BINARY,
  ...UNARY,
  ...MOVES,
  ...Object.keys(PER_ELEMENT),
  'Constant',
  'Reshape',
  'Transpose',
  'Flatten',
  'Conv',
  'MaxPool',
  'AveragePool',
  'GlobalAveragePool',
  'GlobalMaxPool',
  'ReduceMean',
  'Concat',
  'Squeeze',
  'Unsqueeze',
  'Gather',
]

/**
 * Shape propagation and FLOPs of one node. Conventions: MatMul [m,k]x[k,n] = 2mkn, Conv 2 per
 * multiply-add over its window, pools and reductions one per input element read, elementwise ops
 * one per output element, composite ops their elementwise steps (PER_ELEMENT), data movement
 * (Reshape, Transpose, Concat, Gather, Identity) free.
 */
export function evaluateNode(node: Node, inputs: NodeInputs): NodeResult {
  const op = node.opType ?? ''
  const [a = [], b = []] = inputs.shapes.map((shape) => shape ?? [])
  if (op === 'MatMul') return matmul(a, b, 1)
  if (op === 'MatMulInteger') return matmul(a, b, INTEGER_FLOP_RATIO)
  if (op === 'Gemm') return gemm(node, a, b, inputs.shapes[2] != null)
  if (BINARY.has(op)) {
    const out = broadcast(a, b)
    return { shapes: [out], flops: count(out) }
  }
  if (UNARY.has(op)) return { shapes: [a], flops: count(a) }
  if (MOVES.has(op)) return { shapes: [a], flops: 0 }
  const perElement = PER_ELEMENT[op]
  if (perElement !== undefined) return composite(op, node, a, perElement)
  if (op === 'Transpose') {
    const perm = intsAttribute(node, 'perm') ?? a.map((_, i) => a.length - 1 - i)
    return { shapes: [perm.map((axis) => a[axis] ?? 1)], flops: 0 }
  }
  if (op === 'Reshape') {
    const target = inputs.ints[1]
    return target ? { shapes: [reshape(a, target)], flops: 0 } : null
  }
  if (op === 'Flatten') {
    const axis = normalizeAxis(intAttribute(node, 'axis') ?? 1, a.length)
    return { shapes: [[count(a.slice(0, axis)), count(a.slice(axis))]], flops: 0 }
  }
  if (op === 'Conv') return conv(node, a, b, inputs.shapes[2] != null)
  if (op === 'MaxPool' || op === 'AveragePool') {
    const kernel = intsAttribute(node, 'kernel_shape') ?? []
    const out = windowShape(node, a, kernel, a[1] ?? 1)
    return { shapes: [out], flops: count(out) * count(kernel) }
  }
  if (op === 'GlobalAveragePool' || op === 'GlobalMaxPool') {
    return { shapes: [a.map((dim, i) => (i < 2 ? dim : 1))], flops: count(a) }
  }
  if (op === 'ReduceMean') {
    const axes = (intsAttribute(node, 'axes') ?? inputs.ints[1] ?? a.map((_, i) => i)).map((x) =>
      normalizeAxis(x, a.length),
    )
    const keep = (intAttribute(node, 'keepdims') ?? 1) !== 0
    const out = keep ? a.map((dim, i) => (axes.includes(i) ? 1 : dim)) : a.filter((_, i) => !axes.includes(i))
    return { shapes: [out], flops: count(a) }
  }
  if (op === 'Concat') {
    const shapes = inputs.shapes.map((shape) => shape ?? [])
    const axis = normalizeAxis(intAttribute(node, 'axis') ?? 0, a.length)
    const total = shapes.reduce((sum, shape) => sum + (shape[axis] ?? 0), 0)
    return { shapes: [a.map((dim, i) => (i === axis ? total : dim))], flops: 0 }
  }
  if (op === 'Squeeze') {
    const axes = (intsAttribute(node, 'axes') ?? inputs.ints[1])?.map((x) => normalizeAxis(x, a.length))
    const out = a.filter((dim, i) => (axes ? !axes.includes(i) : dim !== 1))
    return { shapes: [out], flops: 0 }
  }
  if (op === 'Unsqueeze') {
    const axes = intsAttribute(node, 'axes') ?? inputs.ints[1]
    if (!axes) return null
    const rank = a.length + axes.length
    const positions = axes.map((x) => normalizeAxis(x, rank))
    const out: Shape = []
    let next = 0
    for (let i = 0; i < rank; i++) out.push(positions.includes(i) ? 1 : (a[next++] ?? 1))
    return { shapes: [out], flops: 0 }
  }
  if (op === 'Gather') {
    // An embedding lookup: indices' shape in place of the gathered axis, no arithmetic.
    const axis = normalizeAxis(intAttribute(node, 'axis') ?? 0, a.length)
    return { shapes: [[...a.slice(0, axis), ...b, ...a.slice(axis + 1)]], flops: 0 }
  }
  return null
}

/** Conv: 2 · output elements · (input channels / group) · kernel area, plus a bias add. */
function conv(node: Node, x: Shape, w: Shape, hasBias: boolean): NodeResult {
  const group = intAttribute(node, 'group') ?? 1
  const kernel = intsAttribute(node, 'kernel_shape') ?? w.slice(2)
  const out = windowShape(node, x, kernel, w[0] ?? 1)
  const perOutput = ((x[1] ?? 1) / group) * count(kernel)
  return { shapes: [out], flops: 2 * count(out) * perOutput + (hasBias ? count(out) : 0) }
}

/** [N, channels, ...spatial] after a sliding window (Conv, pools), with strides, pads, dilations. */
function windowShape(node: Node, x: Shape, kernel: number[], channels: number): Shape {
  const spatial = x.slice(2)
  const strides = intsAttribute(node, 'strides') ?? spatial.map(() => 1)
  const dilations = intsAttribute(node, 'dilations') ?? spatial.map(() => 1)
  const pads = intsAttribute(node, 'pads') ?? spatial.flatMap(() => [0, 0])
  const autoPad = stringAttribute(node, 'auto_pad') ?? 'NOTSET'
  const out = spatial.map((size, i) => {
    const stride = strides[i] ?? 1
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(size / stride)
    const reach = (dilations[i] ?? 1) * ((kernel[i] ?? 1) - 1) + 1
    const padded = autoPad === 'VALID' ? size : size + (pads[i] ?? 0) + (pads[i + spatial.length] ?? 0)
    return Math.floor((padded - reach) / stride) + 1
  })
  return [x[0] ?? 1, channels, ...out]
}

function composite(op: string, node: Node, a: Shape, perElement: number): NodeResult {
  const flops = perElement * count(a)
  if (op === 'DynamicQuantizeLinear') return { shapes: [a, [], []], flops }
  if (op === 'LayerNormalization') {
    // Mean and inverse deviation keep the leading axes and collapse the normalized ones to 1.
    const axis = normalizeAxis(intAttribute(node, 'axis') ?? -1, a.length)
    const stats = a.map((dim, i) => (i < axis ? dim : 1))
    return { shapes: [a, stats, stats], flops }
  }
  return { shapes: [a], flops }
}

function matmul(a: Shape, b: Shape, costDivisor: number): NodeResult {
  const left = a.length === 1 ? [1, ...a] : a
  const right = b.length === 1 ? [...b, 1] : b
  const m = left.at(-2) ?? 1
  const k = left.at(-1) ?? 1
  const n = right.at(-1) ?? 1
  const batch = broadcast(left.slice(0, -2), right.slice(0, -2))
  const out = [...batch, ...(a.length === 1 ? [] : [m]), ...(b.length === 1 ? [] : [n])]
  // ceil keeps integer matmuls' cost an integer, as the chain registry needs.
  return { shapes: [out], flops: Math.ceil((2 * count(batch) * m * k * n) / costDivisor) }
}

function gemm(node: Node, a: Shape, b: Shape, hasBias: boolean): NodeResult {
  const flag = (name: string) => (intAttribute(node, name) ?? 0) !== 0
  const [m = 1, k = 1] = flag('transA') ? [a[1], a[0]] : a
  const n = (flag('transB') ? b[0] : b[1]) ?? 1
  return { shapes: [[m, n]], flops: 2 * m * k * n + (hasBias ? m * n : 0) }
}

function reshape(input: Shape, target: number[]): Shape {
  const out = target.map((dim, i) => (dim === 0 ? (input[i] ?? 1) : dim))
  const known = out.reduce((product, dim) => (dim === -1 ? product : product * dim), 1)
  return out.map((dim) => (dim === -1 ? count(input) / known : dim))
}

function broadcast(a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length)
  const out: Shape = []
  for (let i = 0; i < rank; i++) {
    out.push(Math.max(a[a.length - rank + i] ?? 1, b[b.length - rank + i] ?? 1))
  }
  return out
}

function count(shape: Shape): number {
  return shape.reduce((product, dim) => product * dim, 1)
}

function intAttribute(node: Node, name: string): number | undefined {
  const value = node.attribute?.find((attr) => attr.name === name)?.i
  return value == null ? undefined : toNumber(value)
}

function intsAttribute(node: Node, name: string): number[] | undefined {
  return node.attribute?.find((attr) => attr.name === name)?.ints?.map(toNumber)
}

function stringAttribute(node: Node, name: string): string | undefined {
  const value = node.attribute?.find((attr) => attr.name === name)?.s
  return value == null ? undefined : Buffer.from(value).toString('utf8')
}

function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis
}
