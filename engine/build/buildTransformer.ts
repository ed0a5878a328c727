import { InputError } from '../../errors/index.ts'
import type { TransformerModelSpec } from '../../sim/index.ts'
import { analyzeGraph } from '../graph/analyzeGraph.ts'
import { checkTransformerSpec } from './checkTransformerSpec.ts'
import { createGraphBuilder, type GraphBuilder } from './createGraphBuilder.ts'
import { explainMissingVariant } from './explainMissingVariant.ts'
import { quantizeWeights } from './quantizeWeights.ts'
import type { BuildOptions, BuiltModel, BuiltVariant } from './types.ts'

const INPUT = 'input'
/** LayerNormalization's usual epsilon; it only guards against a zero variance. */
const EPSILON = 1e-5

type Sizes = { seqLen: number; width: number; heads: number; ff: number; blocks: number; batched: boolean }
/** The symbolic batch dimension of a batched graph. */
const BATCH = 'batch'

/**
 * Builds a pre-norm transformer encoder on a [seqLen, dModel] input. Each block is
 * LayerNormalization → multi-head self-attention (Q, K, V projections, per-head reshape and
 * transpose, scaled dot product, Softmax, output projection) → residual Add → LayerNormalization
 * → MLP (MatMul to ffMult·dModel, Gelu, MatMul back) → residual Add, and each block's output is
 * a checkpoint. Variants as for the MLP: skip drops the last blocks (their checkpoints repeat the
 * last block it ran), int8 quantizes the weight matmuls, and substitute projects the input to
 * `substituteWidth`, runs as many blocks that wide and projects back for the last checkpoint.
 *
 * Residual branches are scaled by 1/sqrt(2·blocks) (as GPT-2 does), so activations stay O(1) at
 * any depth. `weights: false` gives a skeleton whose FLOPs can be counted at 10^10 and beyond.
 */
export function buildTransformer(
  spec: TransformerModelSpec,
  variant: BuiltVariant,
  options: BuildOptions = { weights: true },
): BuiltModel {
  checkTransformerSpec(spec)
  const missing = explainMissingVariant(spec, variant)
  if (missing) throw new InputError(missing)
  if (variant === 'int8') return quantizeWeights(buildTransformer(spec, 'honest', options))
  const substitute = variant === 'substitute'
  const width = substitute ? spec.cheats.substituteWidth : spec.dModel
  const sizes: Sizes = {
    seqLen: spec.seqLen,
    width,
    heads: spec.heads,
    ff: spec.ffMult * width,
    blocks: spec.blocks,
    batched: options.batched === true,
  }
  const prefix = substitute ? `${spec.seed}:substitute` : `${spec.seed}`
  const kept = variant === 'skip' ? spec.blocks - spec.cheats.skipLayers : spec.blocks
  const builder = createGraphBuilder(options)
  const modelShape = [spec.seqLen, spec.dModel]
  let previous = substitute
    ? project(builder, INPUT, [spec.dModel, width], `${prefix}:in`, 'project.in')
    : INPUT
  const checkpointNames: string[] = []
  for (let i = 0; i < kept; i++) {
    previous = block(builder, previous, `block${i}`, `${prefix}:block:${i}`, sizes)
    checkpointNames.push(previous)
  }
  for (let i = kept; i < spec.blocks; i++) checkpointNames.push(previous)
  if (substitute) {
    const last = project(builder, previous, [width, spec.dModel], `${prefix}:out`, 'output')
    checkpointNames[checkpointNames.length - 1] = last
  }
  const shapeOf = (name: string) => (substitute && name !== 'output' ? [spec.seqLen, width] : modelShape)
  const lead = (shape: number[]): (number | string)[] => (sizes.batched ? [BATCH, ...shape] : shape)
  const model = builder.model(
    'transformer',
    { name: INPUT, shape: lead(modelShape) },
    [...new Set(checkpointNames)].map((name) => ({ name, shape: lead(shapeOf(name)) })),
  )
  return {
    model,
    flops: analyzeGraph(model.graph ?? {}, `built-in transformer (seed ${spec.seed})`).flops,
    checkpointNames,
    checkpointShapes: checkpointNames.map(shapeOf),
    inputName: INPUT,
    inputShape: modelShape,
  }
}

function block(b: GraphBuilder, x: string, name: string, stream: string, sizes: Sizes): string {
  const { seqLen, width, heads, ff, blocks, batched } = sizes
  const headSize = width / heads
  // Variance 1/fanIn for projections; the two that feed the residual stream are scaled down.
  const inScale = Math.sqrt(3 / width)
  const residualScale = 1 / Math.sqrt(2 * blocks)
  const weight = (part: string, dims: number[], scale: number, offset = 0) =>
    b.weight(`${name}.${part}`, dims, `${stream}:${part}`, scale, offset)
  const at = (part: string) => `${name}.${part}`
  // A batched graph keeps each job's own axes behind a leading batch axis: Reshape's 0 copies the
  // batch size through, and every permutation leaves axis 0 where it is, so attention never mixes
  // two jobs.
  const batch = (shape: number[]) => (batched ? [0, ...shape] : shape)
  const permute = (perm: number[]) => (batched ? [0, ...perm.map((axis) => axis + 1)] : perm)
  const splitShape = b.ints(at('splitShape'), batch([seqLen, heads, headSize]))
  const mergeShape = b.ints(at('mergeShape'), batch([seqLen, width]))
  const perHead = (part: string, perm: number[]) => {
    const projected = b.node('MatMul', [at('norm1'), weight(`w${part}`, [width, width], inScale)], at(part))
    const split = b.node('Reshape', [projected, splitShape], at(`${part}.split`))
    return b.node('Transpose', [split], at(`${part}.heads`), [{ name: 'perm', ints: permute(perm) }])
  }

  layerNorm(b, x, at('norm1'), weight, width)
  // Q and V as [heads, seqLen, headSize]; K already transposed to [heads, headSize, seqLen].
  const q = perHead('q', [1, 0, 2])
  const k = perHead('k', [1, 2, 0])
  const v = perHead('v', [1, 0, 2])
  const scores = b.node('MatMul', [q, k], at('scores'))
  const scale = b.floats(at('scoreScale'), [], [1 / Math.sqrt(headSize)])
  const scaled = b.node('Mul', [scores, scale], at('scaled'))
  const attention = b.node('Softmax', [scaled], at('attention'), [{ name: 'axis', int: -1 }])
  const context = b.node('MatMul', [attention, v], at('context'))
  const merged = b.node(
    'Reshape',
    [
      b.node('Transpose', [context], at('context.seq'), [{ name: 'perm', ints: permute([1, 0, 2]) }]),
      mergeShape,
    ],
    at('merged'),
  )
  const attended = b.node(
    'MatMul',
    [merged, weight('wo', [width, width], inScale * residualScale)],
    at('attended'),
  )
  const residual = b.node('Add', [x, attended], at('residual'))

  layerNorm(b, residual, at('norm2'), weight, width)
  const hidden = b.node('MatMul', [at('norm2'), weight('w1', [width, ff], inScale)], at('ff.in'))
  const activated = b.node('Gelu', [hidden], at('ff.gelu'))
  const ffOut = b.node(
    'MatMul',
    [activated, weight('w2', [ff, width], Math.sqrt(3 / ff) * residualScale)],
    at('ff.out'),
  )
  return b.node('Add', [residual, ffOut], name)
}

function layerNorm(
  b: GraphBuilder,
  x: string,
  output: string,
  weight: (part: string, dims: number[], scale: number, offset?: number) => string,
  width: number,
): string {
  const part = output.slice(output.lastIndexOf('.') + 1)
  const gamma = weight(`${part}.gamma`, [width], 0.1, 1)
  const beta = weight(`${part}.beta`, [width], 0.05)
  return b.node('LayerNormalization', [x, gamma, beta], output, [
    { name: 'axis', int: -1 },
    { name: 'epsilon', float: EPSILON },
  ])
}

/** A plain linear map between widths, for the substitute's entry and exit. */
function project(b: GraphBuilder, x: string, dims: [number, number], stream: string, output: string): string {
  const weight = b.weight(`${output}.weight`, dims, stream, Math.sqrt(3 / dims[0]))
  return b.node('MatMul', [x, weight], output)
}
