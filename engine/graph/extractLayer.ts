import onnxProto from 'onnx-proto'
import { BaseError } from '../../errors/index.ts'
import type { BuiltModel } from '../build/types.ts'
import { analyzeGraph } from './analyzeGraph.ts'

const { onnx } = onnxProto
const FLOAT = onnx.TensorProto.DataType.FLOAT

export type LayerModel = {
  /** One layer as a model of its own: checkpoint `layer - 1` in, checkpoint `layer` out. */
  model: onnxProto.onnx.IModelProto
  flops: number
  inputShape: number[]
  outputShape: number[]
}

/**
 * Cuts layer `layer` (1-based) out of the honest model: the nodes that compute checkpoint
 * `layer` from checkpoint `layer - 1` (the model input for layer 1), found by walking back from
 * the checkpoint and stopping at the previous one, with the very initializers the full model
 * uses. This is the referee's model: the same weights, one layer's work.
 */
export function extractLayer(honest: BuiltModel, layer: number): LayerModel {
  const graph = honest.model.graph ?? {}
  const from = layer === 1 ? honest.inputName : (honest.checkpointNames[layer - 2] ?? '')
  const to = honest.checkpointNames[layer - 1] ?? ''
  const producer = new Map<string, onnxProto.onnx.INodeProto>()
  for (const node of graph.node ?? []) for (const name of node.output ?? []) producer.set(name, node)
  const weights = new Map((graph.initializer ?? []).map((init) => [init.name ?? '', init]))

  const needed = new Set<onnxProto.onnx.INodeProto>()
  const usedWeights = new Set<string>()
  const pending = [to]
  const seen = new Set<string>()
  while (pending.length > 0) {
    const name = pending.pop() ?? ''
    if (!name || name === from || seen.has(name)) continue
    seen.add(name)
    if (weights.has(name)) {
      usedWeights.add(name)
      continue
    }
    const node = producer.get(name)
    if (!node)
      throw new BaseError(`layer ${layer} of the model reads ${name}, which comes before checkpoint ${from}`)
    needed.add(node)
    pending.push(...(node.input ?? []))
  }
  const shapes = analyzeGraph(graph, 'honest model').shapes
  const inputShape = shapes.get(from) ?? honest.inputShape
  const outputShape = shapes.get(to) ?? []
  const sub = onnx.GraphProto.create({
    name: `layer${layer}`,
    node: (graph.node ?? []).filter((node) => needed.has(node)),
    initializer: (graph.initializer ?? []).filter((init) => usedWeights.has(init.name ?? '')),
    input: [valueInfo(from, inputShape)],
    output: [valueInfo(to, outputShape)],
  })
  const model = onnx.ModelProto.create({ ...honest.model, graph: sub })
  return { model, flops: analyzeGraph(sub, `layer ${layer}`).flops, inputShape, outputShape }
}

function valueInfo(name: string, shape: number[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: shape.map((dimValue) => ({ dimValue })) } } },
  })
}
