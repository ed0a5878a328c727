import { countParameters } from '../graph/countParameters.ts'
import { checkDecoderSpec } from './checkDecoderSpec.ts'
import { countDecoderFlops } from './countDecoderFlops.ts'
import { decoderGraph } from './decoderGraph.ts'
import type { BuiltDecoder, DecoderSpec, DecoderVariant } from './decoderTypes.ts'
import { roundWeightsTo4Bits } from './roundWeightsTo4Bits.ts'

/**
 * Builds a decoder-only language model as two ONNX graphs drawn from the same seeded weight
 * streams, so they hold identical weights: a prefill over a whole sequence and a decode step for
 * one token with the keys and values of the earlier ones. Token embedding plus learned positions,
 * pre-norm blocks (LayerNormalization → causal multi-head self-attention → residual Add →
 * LayerNormalization → GELU MLP → residual Add), a final LayerNormalization and a projection to
 * the vocabulary's logits. Residual branches are scaled by 1/sqrt(2·blocks) as in
 * buildTransformer, so activations stay O(1) at any depth.
 *
 * The causal mask is computed in the graph from the positions fed (a key later than the query
 * is masked), so prefill and decode steps see exactly the same attention pattern. Both graphs
 * also output every block's output (`block0` …, BuiltDecoder.stateBlocks of them): the states a
 * result commits per (chunk, block), so bisection can narrow a dispute to one block.
 */
export function buildDecoder(spec: DecoderSpec, variant: DecoderVariant = { kind: 'honest' }): BuiltDecoder {
  checkDecoderSpec(spec, variant)
  const graphs = {
    prefill: decoderGraph(spec, variant, 'prefill'),
    decode: decoderGraph(spec, variant, 'decode'),
  }
  if (variant.kind === 'int4') {
    graphs.prefill = roundWeightsTo4Bits(graphs.prefill)
    graphs.decode = roundWeightsTo4Bits(graphs.decode)
  }
  // The decoder that actually runs: the honest sizes, fewer blocks, or the substitute's.
  const { width, heads, blocks } = variant.kind === 'substitute' ? variant : spec
  const inner = { width, heads, blocks: variant.kind === 'skip' ? variant.blocks : blocks }
  const source = `built-in decoder (seed ${spec.seed})`
  return {
    spec,
    variant,
    ...graphs,
    cacheBlocks: inner.blocks,
    stateBlocks: inner.blocks,
    cacheHeads: inner.heads,
    headDim: inner.width / inner.heads,
    parameters: countParameters(graphs.decode),
    cacheFloatsPerToken: 2 * inner.blocks * inner.width,
    ...countDecoderFlops(graphs.prefill, graphs.decode, source),
  }
}
