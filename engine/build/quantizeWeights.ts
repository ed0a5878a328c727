import onnxProto from 'onnx-proto'
import { analyzeGraph } from '../graph/analyzeGraph.ts'
import { toNumber } from '../graph/toNumber.ts'
import { readFloats } from './readFloats.ts'
import type { BuiltModel } from './types.ts'

const { onnx } = onnxProto
type Node = onnxProto.onnx.INodeProto
type Tensor = onnxProto.onnx.ITensorProto
const FLOAT = onnx.TensorProto.DataType.FLOAT
const INT8 = onnx.TensorProto.DataType.INT8
const INT = onnx.AttributeProto.AttributeType.INT
const INT8_MAX = 127

/**
 * The int8 cheat: every MatMul (and plain Gemm) by a 2-D float weight becomes real integer work
 * that onnxruntime's CPU provider runs: DynamicQuantizeLinear turns the activation into uint8,
 * MatMulInteger multiplies it by the weight rounded to int8 with one symmetric scale per tensor,
 * and the int32 product is cast back and rescaled (plus the Gemm bias). Matmuls between two
 * activations (attention scores) stay float, as int8 inference usually keeps them. Checkpoint
 * names are kept, so the variant reports the same checkpoints as the honest model.
 */
export function quantizeWeights(honest: BuiltModel): BuiltModel {
  const graph = honest.model.graph ?? {}
  const weights = new Map((graph.initializer ?? []).map((init) => [init.name ?? '', init]))
  const node: Node[] = []
  const initializer: Tensor[] = [...(graph.initializer ?? [])]
  for (const original of graph.node ?? []) {
    const weight = weights.get(original.input?.[1] ?? '')
    const plan = weight ? planOf(original, weight) : null
    if (!plan) {
      node.push(original)
      continue
    }
    const { input, output, bias, transposed } = plan
    const [q, scale] = quantize(weight as Tensor, transposed, `${output}.int8`)
    initializer.push(q, scale)
    const part = (suffix: string) => `${output}.${suffix}`
    const rescaled = bias ? part('rescaled') : output
    node.push(
      create('DynamicQuantizeLinear', [input], [part('x'), part('xScale'), part('xZero')]),
      create('MatMulInteger', [part('x'), q.name ?? '', part('xZero')], [part('int32')]),
      create('Cast', [part('int32')], [part('float')], [{ name: 'to', i: FLOAT, type: INT }]),
      create('Mul', [part('xScale'), scale.name ?? ''], [part('scale')]),
      create('Mul', [part('float'), part('scale')], [rescaled]),
      ...(bias ? [create('Add', [rescaled, bias], [output])] : []),
    )
  }
  // The float weights a cheater no longer needs are dropped, as a real int8 model would not ship them.
  const used = new Set(node.flatMap((n) => n.input ?? []))
  const kept = initializer.filter((init) => used.has(init.name ?? ''))
  // Files from before IR 4 also list initializers as graph inputs; a dropped one must go there too.
  const dropped = new Set(initializer.filter((init) => !used.has(init.name ?? '')).map((init) => init.name))
  const input = (graph.input ?? []).filter((info) => !dropped.has(info.name))
  const model = onnx.ModelProto.create({
    ...honest.model,
    graph: { ...graph, node, initializer: kept, input },
  })
  return { ...honest, model, flops: analyzeGraph(model.graph ?? {}, 'int8 variant').flops }
}

type Plan = { input: string; output: string; bias: string | undefined; transposed: boolean }

function planOf(node: Node, weight: Tensor): Plan | null {
  if (weight.dataType !== FLOAT || weight.dims?.length !== 2) return null
  const input = node.input?.[0] ?? ''
  const output = node.output?.[0] ?? ''
  if (node.opType === 'MatMul') return { input, output, bias: undefined, transposed: false }
  if (node.opType !== 'Gemm') return null
  const attr = (name: string, fallback: number) => {
    const found = node.attribute?.find((a) => a.name === name)
    if (!found) return fallback
    return name === 'alpha' || name === 'beta' ? (found.f ?? fallback) : toNumber(found.i ?? fallback)
  }
  // Scaled or transposed-input Gemms are rare in exported models; they stay float rather than
  // grow the rewrite.
  if (attr('alpha', 1) !== 1 || attr('beta', 1) !== 1 || attr('transA', 0) !== 0) return null
  return { input, output, bias: node.input?.[2] || undefined, transposed: attr('transB', 0) !== 0 }
}

/** Symmetric per-tensor int8: q = round(w / s), s = max|w| / 127, in [K, N] layout. */
function quantize(weight: Tensor, transposed: boolean, name: string): [Tensor, Tensor] {
  const [rows = 1, cols = 1] = (weight.dims ?? []).map(toNumber)
  const dims = transposed ? [cols, rows] : [rows, cols]
  const values = readFloats(weight)
  // A skeleton (no weight data) stays a skeleton: its FLOPs are all that is asked of it.
  if (!values) {
    return [
      onnx.TensorProto.create({ name, dims, dataType: INT8 }),
      onnx.TensorProto.create({ name: `${name}.scale`, dims: [], dataType: FLOAT, floatData: [1] }),
    ]
  }
  const largest = values.reduce((max, v) => Math.max(max, Math.abs(v)), 0)
  const scale = largest > 0 ? largest / INT8_MAX : 1
  const rawData = new Uint8Array(values.length)
  const q = new Int8Array(rawData.buffer)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const at = transposed ? c * rows + r : r * cols + c
      q[at] = Math.max(-INT8_MAX, Math.min(INT8_MAX, Math.round((values[r * cols + c] as number) / scale)))
    }
  }
  return [
    onnx.TensorProto.create({ name, dims, dataType: INT8, rawData }),
    onnx.TensorProto.create({ name: `${name}.scale`, dims: [], dataType: FLOAT, floatData: [scale] }),
  ]
}

function create(
  opType: string,
  input: string[],
  output: string[],
  attribute: onnxProto.onnx.IAttributeProto[] = [],
) {
  return onnx.NodeProto.create({ name: `${output[0]}/${opType}`, opType, input, output, attribute })
}
