import onnxProto from 'onnx-proto'
import seedrandom from 'seedrandom'
import type { MlpModelSpec, VariantName } from '../sim/ports.ts'
import { checkMlpSpec } from './checkMlpSpec.ts'
import { countFlops } from './countFlops.ts'
import type { BuiltModel } from './types.ts'

const { onnx } = onnxProto
const FLOAT = onnx.TensorProto.DataType.FLOAT
const INPUT = 'input'
const OUTPUT = 'output'
/** Small enough that biases never dominate the O(1) activations, large enough that Add is real work. */
const BIAS_SCALE = 0.05

/**
 * Builds the MLP as ONNX bytes. Every hidden activation is also a graph output, so one run yields
 * every checkpoint the bisection game needs. The lazy variant reuses the honest weights and drops
 * the last `lazySkipLayers` hidden layers: a real, cheaper model whose output is close in spirit
 * but different in value, which is what a lazy host would actually serve.
 *
 * Each layer draws from its own stream (`seed:layer:i`), so the weights of a layer never depend
 * on how many layers come before or after it, and honest and lazy share them exactly.
 */
export function buildMlp(spec: MlpModelSpec, variant: VariantName): BuiltModel {
  checkMlpSpec(spec)
  const kept = variant === 'lazy' ? spec.depth - spec.lazySkipLayers : spec.depth
  const nodes: onnxProto.onnx.INodeProto[] = []
  const initializers: onnxProto.onnx.ITensorProto[] = []
  const checkpoints: onnxProto.onnx.IValueInfoProto[] = []
  let previous = INPUT
  let fanIn = spec.inputSize
  for (let i = 0; i < kept; i++) {
    // He-uniform: variance 2/fanIn keeps the second moment of ReLU activations constant over depth.
    const hidden = `h${i}`
    const layer = dense(
      `layer${i}`,
      previous,
      fanIn,
      spec.width,
      Math.sqrt(6 / fanIn),
      `${spec.seed}:layer:${i}`,
    )
    nodes.push(
      ...layer.nodes,
      onnx.NodeProto.create({
        name: `${hidden}/relu`,
        opType: 'Relu',
        input: [layer.output],
        output: [hidden],
      }),
    )
    initializers.push(...layer.initializers)
    checkpoints.push(valueInfo(hidden, spec.width))
    previous = hidden
    fanIn = spec.width
  }
  // Xavier-uniform for the linear head: no ReLU follows, so it balances fan-in and fan-out.
  const headScale = Math.sqrt(6 / (fanIn + spec.outputSize))
  const head = dense('head', previous, fanIn, spec.outputSize, headScale, `${spec.seed}:head`, OUTPUT)
  nodes.push(...head.nodes)
  initializers.push(...head.initializers)
  checkpoints.push(valueInfo(OUTPUT, spec.outputSize))

  const graph = onnx.GraphProto.create({
    name: 'mlp',
    node: nodes,
    initializer: initializers,
    input: [valueInfo(INPUT, spec.inputSize)],
    output: checkpoints,
  })
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 17 })],
    producerName: 'verisim',
    graph,
  })
  return {
    // protobufjs hands back a Node Buffer that may share a pooled allocation; copy to own the bytes.
    bytes: new Uint8Array(onnx.ModelProto.encode(model).finish()),
    flops: countFlops(graph, `built-in MLP (seed ${spec.seed})`),
    checkpointNames: checkpoints.map((info) => info.name ?? ''),
    inputName: INPUT,
    inputSize: spec.inputSize,
    inputShape: [1, spec.inputSize],
  }
}

function dense(
  name: string,
  input: string,
  fanIn: number,
  fanOut: number,
  scale: number,
  stream: string,
  output = `${name}.linear`,
) {
  const rng = seedrandom(stream)
  const weight = tensor(`${name}.weight`, [fanIn, fanOut], () => (rng() * 2 - 1) * scale)
  const bias = tensor(`${name}.bias`, [fanOut], () => (rng() * 2 - 1) * BIAS_SCALE)
  const product = `${name}.matmul`
  return {
    output,
    initializers: [weight, bias],
    nodes: [
      onnx.NodeProto.create({
        name: `${name}/matmul`,
        opType: 'MatMul',
        input: [input, weight.name],
        output: [product],
      }),
      onnx.NodeProto.create({
        name: `${name}/add`,
        opType: 'Add',
        input: [product, bias.name],
        output: [output],
      }),
    ],
  }
}

/** rawData must be little endian whatever the host; DataView makes that explicit. */
function tensor(name: string, dims: number[], draw: () => number) {
  const size = dims.reduce((product, dim) => product * dim, 1)
  const rawData = new Uint8Array(size * 4)
  const view = new DataView(rawData.buffer)
  for (let i = 0; i < size; i++) view.setFloat32(i * 4, draw(), true)
  return onnx.TensorProto.create({ name, dims, dataType: FLOAT, rawData })
}

function valueInfo(name: string, size: number) {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: size }] } } },
  })
}
