import { InputError } from '../../errors/index.ts'
import type { MlpModelSpec } from '../../sim/index.ts'
import { analyzeGraph } from '../graph/analyzeGraph.ts'
import { checkMlpSpec } from './checkMlpSpec.ts'
import { createGraphBuilder, type GraphBuilder } from './createGraphBuilder.ts'
import { explainMissingVariant } from './explainMissingVariant.ts'
import { quantizeWeights } from './quantizeWeights.ts'
import type { BuildOptions, BuiltModel, BuiltVariant } from './types.ts'

const INPUT = 'input'
const OUTPUT = 'output'
/** The symbolic batch dimension of a batched graph. */
const BATCH = 'batch'
/** Small enough that biases never dominate the O(1) activations, large enough that Add is real work. */
const BIAS_SCALE = 0.05

/**
 * Builds the MLP as an ONNX model. Every hidden activation is also a graph output, so one run
 * yields every checkpoint the bisection game needs, and every variant has the same number of
 * checkpoints:
 * - skip drops the last `skipLayers` hidden layers; their checkpoints repeat the last one it ran;
 * - int8 is the honest graph with integer weight matmuls (quantizeWeights);
 * - substitute is another MLP, `substituteWidth` wide, from its own weight streams.
 *
 * Each layer draws from its own stream (`seed:layer:i`), so its weights never depend on how many
 * layers come before or after it, and honest, skip and int8 share them exactly.
 */
export function buildMlp(
  spec: MlpModelSpec,
  variant: BuiltVariant,
  options: BuildOptions = { weights: true },
): BuiltModel {
  checkMlpSpec(spec)
  const missing = explainMissingVariant(spec, variant)
  if (missing) throw new InputError(missing)
  if (variant === 'int8') return quantizeWeights(buildMlp(spec, 'honest', options))
  const width = variant === 'substitute' ? spec.cheats.substituteWidth : spec.width
  const prefix = variant === 'substitute' ? `${spec.seed}:substitute` : `${spec.seed}`
  const kept = variant === 'skip' ? spec.depth - spec.cheats.skipLayers : spec.depth
  const builder = createGraphBuilder(options)
  const checkpointNames: string[] = []
  let previous = INPUT
  let fanIn = spec.inputSize
  for (let i = 0; i < kept; i++) {
    // He-uniform: variance 2/fanIn keeps the second moment of ReLU activations constant over depth.
    const linear = dense(
      builder,
      `layer${i}`,
      previous,
      [fanIn, width],
      Math.sqrt(6 / fanIn),
      `${prefix}:layer:${i}`,
    )
    previous = builder.node('Relu', [linear], `h${i}`)
    checkpointNames.push(previous)
    fanIn = width
  }
  for (let i = kept; i < spec.depth; i++) checkpointNames.push(previous)
  // Xavier-uniform for the linear head: no ReLU follows, so it balances fan-in and fan-out.
  const headScale = Math.sqrt(6 / (fanIn + spec.outputSize))
  dense(builder, 'head', previous, [fanIn, spec.outputSize], headScale, `${prefix}:head`, OUTPUT)
  checkpointNames.push(OUTPUT)
  const shapeOf = (name: string) => [1, name === OUTPUT ? spec.outputSize : width]
  // MatMul takes [batch, fanIn] as it takes [1, fanIn]: only the declared shapes change.
  const lead = (shape: number[]): (number | string)[] =>
    options.batched ? [BATCH, ...shape.slice(1)] : shape
  const unique = [...new Set(checkpointNames)]
  const model = builder.model(
    'mlp',
    { name: INPUT, shape: lead([1, spec.inputSize]) },
    unique.map((name) => ({ name, shape: lead(shapeOf(name)) })),
  )
  return {
    model,
    flops: analyzeGraph(model.graph ?? {}, `built-in MLP (seed ${spec.seed})`).flops,
    checkpointNames,
    checkpointShapes: checkpointNames.map(shapeOf),
    inputName: INPUT,
    inputShape: [1, spec.inputSize],
  }
}

function dense(
  builder: GraphBuilder,
  name: string,
  input: string,
  dims: [number, number],
  scale: number,
  stream: string,
  output = `${name}.linear`,
): string {
  const weight = builder.weight(`${name}.weight`, dims, `${stream}:weight`, scale)
  const bias = builder.weight(`${name}.bias`, [dims[1]], `${stream}:bias`, BIAS_SCALE)
  return builder.node('Add', [builder.node('MatMul', [input, weight], `${name}.matmul`), bias], output)
}
