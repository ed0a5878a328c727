import type onnxProto from 'onnx-proto'
import { InputError } from '../../errors/index.ts'
import { evaluateNode, type Shape, SUPPORTED_OPS } from './evaluateNode.ts'
import { type Int64, toNumber } from './toNumber.ts'

type Graph = onnxProto.onnx.IGraphProto
type Tensor = onnxProto.onnx.ITensorProto

export type GraphAnalysis = {
  /** FLOPs of one batch-1 inference. */
  flops: number
  /** Every value's shape, symbolic dimensions taken as 1 (the engine always runs batch 1). */
  shapes: Map<string, Shape>
}

const INT64 = 7

/**
 * Walks the graph's nodes in order with shape propagation, so the cost the simulator charges is
 * that of the graph that actually runs (conventions in evaluateNode). An op outside the supported
 * set is an error rather than a silent zero, because an undercount would skew every cost and
 * overhead figure built on it.
 */
export function analyzeGraph(graph: Graph, source: string): GraphAnalysis {
  const shapes = new Map<string, Shape>()
  const ints = new Map<string, number[]>()
  for (const init of graph.initializer ?? []) {
    shapes.set(init.name ?? '', (init.dims ?? []).map(toNumber))
    const values = int64Values(init)
    if (values) ints.set(init.name ?? '', values)
  }
  for (const input of graph.input ?? []) {
    const dims = input.type?.tensorType?.shape?.dim
    if (dims && !shapes.has(input.name ?? '')) {
      shapes.set(
        input.name ?? '',
        dims.map((d) => (d.dimValue == null || toNumber(d.dimValue) <= 0 ? 1 : toNumber(d.dimValue))),
      )
    }
  }
  let flops = 0
  for (const node of graph.node ?? []) {
    const names = node.input ?? []
    // An empty name marks an omitted optional input (Gemm without a bias).
    const inputShapes = names.map((name) => (name ? knownShape(shapes, name, node, source) : null))
    const result =
      node.opType === 'Constant'
        ? constant(node)
        : evaluateNode(node, { shapes: inputShapes, ints: names.map((n) => ints.get(n) ?? null) })
    if (!result) {
      throw new InputError(
        `cannot count FLOPs of ${node.opType || 'unnamed'} node ${node.name ?? ''} in ${source}`,
        {
          hint: `supported ops: ${SUPPORTED_OPS.join(', ')}${node.opType === 'Reshape' ? '; a Reshape needs a constant shape' : ''}`,
        },
      )
    }
    for (const [i, output] of (node.output ?? []).entries()) {
      const shape = result.shapes[i]
      if (output && shape) shapes.set(output, shape)
    }
    const value = node.opType === 'Constant' ? constantTensor(node) : undefined
    const values = value ? int64Values(value) : undefined
    if (values) ints.set(node.output?.[0] ?? '', values)
    flops += result.flops
  }
  return { flops, shapes }
}

function constant(node: onnxProto.onnx.INodeProto) {
  const value = constantTensor(node)
  return value ? { shapes: [(value.dims ?? []).map(toNumber)], flops: 0 } : null
}

function constantTensor(node: onnxProto.onnx.INodeProto): Tensor | undefined {
  return node.attribute?.find((attr) => attr.name === 'value')?.t ?? undefined
}

/** Small int64 tensors are shapes (Reshape targets); their values are needed to propagate shapes. */
function int64Values(tensor: Tensor): number[] | undefined {
  if (tensor.dataType !== INT64) return undefined
  if (tensor.int64Data && tensor.int64Data.length > 0) return tensor.int64Data.map((v: Int64) => toNumber(v))
  const raw = tensor.rawData
  if (!raw || raw.length === 0) return []
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  return Array.from({ length: raw.length / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)))
}

function knownShape(
  shapes: Map<string, Shape>,
  name: string,
  node: onnxProto.onnx.INodeProto,
  source: string,
): Shape {
  const shape = shapes.get(name)
  if (shape) return shape
  throw new InputError(
    `cannot count FLOPs in ${source}: shape of ${name} (input of ${node.opType}) is unknown`,
  )
}
