import type onnxProto from 'onnx-proto'
import { createGraphBuilder, type GraphBuilder, type Value } from './createGraphBuilder.ts'
import type { DecoderSpec, DecoderVariant } from './decoderTypes.ts'

/** LayerNormalization's usual epsilon; it only guards against a zero variance. */
const EPSILON = 1e-5
/**
 * Added to the scores of future positions: exp of it is exactly 0 in float32, and it survives
 * the fp16-weights hardware profile, which rounds every float initializer through float16
 * (−1e9 became −Infinity there, and 0 · −Infinity made every unmasked score NaN).
 */
export const MASKED = -1e4

type Sizes = { width: number; heads: number; ff: number; blocks: number }
/** The symbolic batch dimension of a batched graph. */
const BATCH = 'B'
type WeightOf = (part: string, dims: number[], scale: number, offset?: number) => string

/**
 * A graph of a decoder variant, drawn from seeded weight streams, so every graph of one decoder
 * holds identical weights: the prefill over a whole sequence, the decode step for one token with
 * the keys and values of the earlier ones, or one honest block alone (`{ block }`, 0-based), as
 * the referee re-executes it. See buildDecoder and buildDecoderBlock for what each holds.
 *
 * `batched` (issue 19) puts a leading batch axis B on every input and output of the prefill and
 * decode graphs, with per-sequence caches [B, heads, past, headDim] and one more input, `mask`
 * [B, keys]: an additive mask over the keys (0 for a real position, MASKED for a padding slot),
 * so sequences of different lengths share one run left-padded (see generateBatch).
 */
export function decoderGraph(
  spec: DecoderSpec,
  variant: DecoderVariant,
  phase: 'prefill' | 'decode' | { block: number },
  options: { batched?: boolean } = {},
): onnxProto.onnx.IModelProto {
  return typeof phase === 'object'
    ? blockGraph(spec, phase.block)
    : phaseGraph(spec, variant, phase, options.batched === true)
}

/** The decoder that actually runs: the honest sizes, fewer blocks, or the substitute's. */
function innerSizes(spec: DecoderSpec, variant: DecoderVariant): Sizes & { depth: number; prefix: string } {
  const { width, heads, blocks } = variant.kind === 'substitute' ? variant : spec
  const kept = variant.kind === 'skip' ? variant.blocks : blocks
  const prefix = variant.kind === 'substitute' ? `${spec.seed}:decoder:substitute` : `${spec.seed}:decoder`
  // `depth` sets the residual scaling, so a skip variant keeps the honest blocks' weights.
  return { width, heads, ff: spec.ffMult * width, blocks: kept, depth: blocks, prefix }
}

function phaseGraph(
  spec: DecoderSpec,
  variant: DecoderVariant,
  phase: 'prefill' | 'decode',
  batched: boolean,
): onnxProto.onnx.IModelProto {
  const inner = innerSizes(spec, variant)
  const { width, heads, blocks, depth, prefix } = inner
  const headDim = width / heads
  const b = createGraphBuilder({ weights: true })
  const length = phase === 'prefill' ? 'T' : 1
  const weight: WeightOf = (part, dims, scale, offset = 0) =>
    b.weight(part, dims, `${prefix}:${part}`, scale, offset)

  const tokens = b.node('Gather', [weight('embed.tokens', [spec.vocab, width], 1), 'tokens'], 'embedded')
  const placed = b.node(
    'Gather',
    [weight('embed.positions', [spec.context, width], 0.5), 'positions'],
    'placed',
  )
  let x = b.node('Add', [tokens, placed], 'embed')
  const lead = (shape: (number | string)[]) => (batched ? [BATCH, ...shape] : shape)
  const mask = batched ? batchMask(b, phase) : phase === 'prefill' ? causalMask(b) : null
  const cacheShape = (name: string, len: number | string): Value => ({
    name,
    shape: lead([heads, len, headDim]),
  })
  const pastInputs: Value[] = []
  const presentOutputs: Value[] = []
  const blockOutputs: Value[] = []
  for (let i = 0; i < blocks; i++) {
    x = block(b, x, i, { ...inner, blocks: depth }, { weight, mask, phase, batched })
    blockOutputs.push({ name: x, shape: lead([length, width]) })
    if (phase === 'decode')
      pastInputs.push(cacheShape(`past.k.${i}`, 'past'), cacheShape(`past.v.${i}`, 'past'))
    const presentLength = phase === 'prefill' ? 'T' : 'past+1'
    presentOutputs.push(
      cacheShape(`present.k.${i}`, presentLength),
      cacheShape(`present.v.${i}`, presentLength),
    )
  }
  const last = x
  const normed = layerNorm(b, last, 'final.norm', weight, width)
  b.node('MatMul', [normed, weight('head', [width, spec.vocab], Math.sqrt(3 / width))], 'logits')
  // The substitute's hidden state is mapped to the honest width, so it commits digests of the
  // shape a verifier expects.
  const hidden =
    variant.kind === 'substitute'
      ? b.node('MatMul', [last, weight('project.out', [width, spec.width], Math.sqrt(3 / width))], 'hidden')
      : b.node('Identity', [last], 'hidden')
  const ids = (name: string): Value => ({ name, shape: lead([length]), type: 'int64' })
  const keys = phase === 'prefill' ? 'T' : 'past+1'
  const maskInput: Value[] = batched ? [{ name: 'mask', shape: [BATCH, keys] }] : []
  return b.model(
    `decoder.${phase}`,
    [ids('tokens'), ids('positions'), ...maskInput, ...pastInputs],
    [
      { name: 'logits', shape: lead([length, spec.vocab]) },
      { name: hidden, shape: lead([length, spec.width]) },
      ...presentOutputs,
      ...blockOutputs,
    ],
  )
}

function blockGraph(spec: DecoderSpec, index: number): onnxProto.onnx.IModelProto {
  const inner = innerSizes(spec, { kind: 'honest' })
  const { width, prefix } = inner
  const b = createGraphBuilder({ weights: true })
  const weight: WeightOf = (part, dims, scale, offset = 0) =>
    b.weight(part, dims, `${prefix}:${part}`, scale, offset)
  const ids = (name: string): Value => ({ name, shape: ['T'], type: 'int64' })
  const inputs: Value[] = [ids('positions')]
  let x: string
  if (index === 0) {
    inputs.unshift(ids('tokens'))
    const tokens = b.node('Gather', [weight('embed.tokens', [spec.vocab, width], 1), 'tokens'], 'embedded')
    const placed = b.node(
      'Gather',
      [weight('embed.positions', [spec.context, width], 0.5), 'positions'],
      'placed',
    )
    x = b.node('Add', [tokens, placed], 'embed')
  } else {
    inputs.unshift({ name: 'state', shape: ['T', width] })
    x = 'state'
  }
  const mask = causalMask(b)
  const out = block(
    b,
    x,
    index,
    { ...inner, blocks: inner.depth },
    { weight, mask, phase: 'prefill', batched: false },
  )
  const outputs: Value[] = [{ name: out, shape: ['T', width] }]
  if (index === spec.blocks - 1) {
    const normed = layerNorm(b, out, 'final.norm', weight, width)
    b.node('MatMul', [normed, weight('head', [width, spec.vocab], Math.sqrt(3 / width))], 'logits')
    outputs.push({ name: 'logits', shape: ['T', spec.vocab] })
  }
  return b.model(`decoder.block${index}`, inputs, outputs)
}

/** [T, T] additive mask: 0 where the key's position ≤ the query's, MASKED where it is later. */
function causalMask(b: GraphBuilder): string {
  const query = b.node('Unsqueeze', ['positions', b.ints('mask.axis1', [1])], 'mask.query')
  const key = b.node('Unsqueeze', ['positions', b.ints('mask.axis0', [0])], 'mask.key')
  const later = b.node('Greater', [key, query], 'mask.later')
  const asFloat = b.node('Cast', [later], 'mask.float', [{ name: 'to', int: 1 }])
  return b.node('Mul', [asFloat, b.floats('mask.value', [], [MASKED])], 'mask')
}

/**
 * The batched graphs' additive mask, broadcast over heads: [B, 1, queries, keys]. The input
 * `mask` [B, keys] masks padding keys; a prefill adds the causal mask from each sequence's own
 * positions (a left-padded row's padding sits at position 0 and is masked by `mask`). A decode
 * step's one query is each sequence's latest position, so only padding needs masking.
 */
function batchMask(b: GraphBuilder, phase: 'prefill' | 'decode'): string {
  const padding = b.node('Unsqueeze', ['mask', b.ints('mask.axes12', [1, 2])], 'mask.padding')
  if (phase === 'decode') return padding
  const query = b.node('Unsqueeze', ['positions', b.ints('mask.axis2', [2])], 'mask.query')
  const key = b.node('Unsqueeze', ['positions', b.ints('mask.axis1', [1])], 'mask.key')
  const later = b.node('Greater', [key, query], 'mask.later')
  const asFloat = b.node('Cast', [later], 'mask.float', [{ name: 'to', int: 1 }])
  const causal = b.node('Mul', [asFloat, b.floats('mask.value', [], [MASKED])], 'mask.causal')
  const perHead = b.node('Unsqueeze', [causal, b.ints('mask.headAxis', [1])], 'mask.causal.heads')
  return b.node('Add', [perHead, padding], 'mask.combined')
}

type BlockContext = {
  weight: WeightOf
  mask: string | null
  phase: 'prefill' | 'decode'
  batched: boolean
}

function block(b: GraphBuilder, x: string, i: number, sizes: Sizes, context: BlockContext): string {
  const { width, heads, ff, blocks } = sizes
  const { weight, mask, phase, batched } = context
  const headDim = width / heads
  // A batched graph keeps each sequence's axes behind the batch axis: Reshape's 0 copies it.
  const shape = (dims: number[]) => (batched ? [0, ...dims] : dims)
  const permute = (perm: number[]) => (batched ? [0, ...perm.map((axis) => axis + 1)] : perm)
  const name = `block${i}`
  const at = (part: string) => `${name}.${part}`
  const w = (part: string, dims: number[], scale: number, offset = 0) => weight(at(part), dims, scale, offset)
  // Variance 1/fanIn for projections; the two that feed the residual stream are scaled down.
  const inScale = Math.sqrt(3 / width)
  const residualScale = 1 / Math.sqrt(2 * blocks)
  const split = b.ints(at('splitShape'), shape([-1, heads, headDim]))
  const norm1 = layerNorm(b, x, at('norm1'), w, width)
  // Each projection as [heads, T, headDim]: the layout of the cache.
  const perHead = (part: string, output: string) => {
    const projected = b.node('MatMul', [norm1, w(`w${part}`, [width, width], inScale)], at(part))
    const parted = b.node('Reshape', [projected, split], at(`${part}.split`))
    return b.node('Transpose', [parted], output, [{ name: 'perm', ints: permute([1, 0, 2]) }])
  }
  const q = perHead('q', at('q.heads'))
  const cached = (part: 'k' | 'v') => {
    if (phase === 'prefill') return perHead(part, `present.${part}.${i}`)
    const fresh = perHead(part, at(`${part}.heads`))
    return b.node('Concat', [`past.${part}.${i}`, fresh], `present.${part}.${i}`, [
      { name: 'axis', int: batched ? 2 : 1 },
    ])
  }
  const k = cached('k')
  const v = cached('v')
  const keys = b.node('Transpose', [k], at('k.t'), [{ name: 'perm', ints: permute([0, 2, 1]) }])
  const scores = b.node('MatMul', [q, keys], at('scores'))
  const scaled = b.node(
    'Mul',
    [scores, b.floats(at('scoreScale'), [], [1 / Math.sqrt(headDim)])],
    at('scaled'),
  )
  // A decode step's one query is the latest position, so none of its keys is in the future.
  const masked = mask ? b.node('Add', [scaled, mask], at('masked')) : scaled
  const attention = b.node('Softmax', [masked], at('attention'), [{ name: 'axis', int: -1 }])
  const mixed = b.node('MatMul', [attention, v], at('context'))
  const merged = b.node(
    'Reshape',
    [
      b.node('Transpose', [mixed], at('context.seq'), [{ name: 'perm', ints: permute([1, 0, 2]) }]),
      b.ints(at('mergeShape'), shape([-1, width])),
    ],
    at('merged'),
  )
  const attended = b.node(
    'MatMul',
    [merged, w('wo', [width, width], inScale * residualScale)],
    at('attended'),
  )
  const residual = b.node('Add', [x, attended], at('residual'))
  const norm2 = layerNorm(b, residual, at('norm2'), w, width)
  const hidden = b.node('MatMul', [norm2, w('w1', [width, ff], inScale)], at('ff.in'))
  const activated = b.node('Gelu', [hidden], at('ff.gelu'))
  const ffOut = b.node(
    'MatMul',
    [activated, w('w2', [ff, width], Math.sqrt(3 / ff) * residualScale)],
    at('ff.out'),
  )
  return b.node('Add', [residual, ffOut], name)
}

function layerNorm(b: GraphBuilder, x: string, output: string, weight: WeightOf, width: number): string {
  const gamma = weight(`${output}.gamma`, [width], 0.1, 1)
  const beta = weight(`${output}.beta`, [width], 0.05)
  return b.node('LayerNormalization', [x, gamma, beta], output, [
    { name: 'axis', int: -1 },
    { name: 'epsilon', float: EPSILON },
  ])
}
