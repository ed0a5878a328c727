import type onnxProto from 'onnx-proto'
import { InputError } from '../sim/errors.ts'

type Graph = onnxProto.onnx.IGraphProto
type Node = onnxProto.onnx.INodeProto
type Shape = number[]
/** protobufjs decodes int64 fields as Long objects; built graphs hold plain numbers. */
type Int64 = number | { toNumber(): number }

const ELEMENTWISE_BINARY = new Set(['Add', 'Sub', 'Mul', 'Div'])
const ELEMENTWISE_UNARY = new Set(['Relu', 'Sigmoid', 'Tanh'])
const SUPPORTED = ['MatMul', 'Gemm', ...ELEMENTWISE_BINARY, ...ELEMENTWISE_UNARY, 'Identity', 'Constant']

/**
 * FLOPs of one batch-1 inference, counted by walking the graph's nodes with shape propagation,
 * so the cost the simulator charges is that of the graph that actually runs. Conventions:
 * MatMul [m,k]x[k,n] = 2mkn, elementwise ops = one per output element, symbolic dimensions = 1.
 * An op outside the supported set is an error rather than a silent zero, because an undercount
 * would skew every cost and overhead figure built on it.
 */
export function countFlops(graph: Graph, source: string): number {
  const shapes = new Map<string, Shape>()
  for (const init of graph.initializer ?? []) shapes.set(init.name ?? '', (init.dims ?? []).map(toNumber))
  for (const input of graph.input ?? []) {
    const dims = input.type?.tensorType?.shape?.dim
    if (dims && !shapes.has(input.name ?? '')) {
      shapes.set(
        input.name ?? '',
        dims.map((d) => (d.dimValue == null ? 1 : toNumber(d.dimValue))),
      )
    }
  }
  let flops = 0
  for (const node of graph.node ?? []) {
    // An empty name marks an omitted optional input (Gemm without a bias).
    const inputs = (node.input ?? []).map((name) => (name ? shapeOf(shapes, name, node, source) : null))
    const [out, cost] = evaluate(node, inputs, source)
    shapes.set(node.output?.[0] ?? '', out)
    flops += cost
  }
  return flops
}

function evaluate(node: Node, inputs: (Shape | null)[], source: string): [Shape, number] {
  const op = node.opType ?? ''
  const a = inputs[0] ?? []
  const b = inputs[1] ?? []
  if (op === 'MatMul') return matmul(a, b)
  if (op === 'Gemm') return gemm(node, a, b, inputs[2] != null)
  if (ELEMENTWISE_BINARY.has(op)) {
    const out = broadcast(a, b)
    return [out, count(out)]
  }
  if (ELEMENTWISE_UNARY.has(op)) return [a, count(a)]
  if (op === 'Identity') return [a, 0]
  if (op === 'Constant') {
    const value = node.attribute?.find((attr) => attr.name === 'value')?.t
    if (value) return [(value.dims ?? []).map(toNumber), 0]
  }
  throw new InputError(`cannot count FLOPs of ${op || 'unnamed'} node ${node.name ?? ''} in ${source}`, {
    hint: `supported ops: ${SUPPORTED.join(', ')}`,
  })
}

function matmul(a: Shape, b: Shape): [Shape, number] {
  const left = a.length === 1 ? [1, ...a] : a
  const right = b.length === 1 ? [...b, 1] : b
  const m = left.at(-2) ?? 1
  const k = left.at(-1) ?? 1
  const n = right.at(-1) ?? 1
  const batch = broadcast(left.slice(0, -2), right.slice(0, -2))
  const out = [...batch, ...(a.length === 1 ? [] : [m]), ...(b.length === 1 ? [] : [n])]
  return [out, 2 * count(batch) * m * k * n]
}

function gemm(node: Node, a: Shape, b: Shape, hasBias: boolean): [Shape, number] {
  const flag = (name: string) => toNumber(node.attribute?.find((attr) => attr.name === name)?.i ?? 0) !== 0
  const [m = 1, k = 1] = flag('transA') ? [a[1], a[0]] : a
  const n = (flag('transB') ? b[0] : b[1]) ?? 1
  return [[m, n], 2 * m * k * n + (hasBias ? m * n : 0)]
}

function broadcast(a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length)
  const out: Shape = []
  for (let i = 0; i < rank; i++) {
    out.push(Math.max(a[a.length - rank + i] ?? 1, b[b.length - rank + i] ?? 1))
  }
  return out
}

function shapeOf(shapes: Map<string, Shape>, name: string, node: Node, source: string): Shape {
  const shape = shapes.get(name)
  if (shape) return shape
  throw new InputError(
    `cannot count FLOPs in ${source}: shape of ${name} (input of ${node.opType}) is unknown`,
  )
}

function count(shape: Shape): number {
  return shape.reduce((product, dim) => product * dim, 1)
}

function toNumber(value: Int64): number {
  return typeof value === 'number' ? value : value.toNumber()
}
