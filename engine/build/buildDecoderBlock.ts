import { InputError } from '../../errors/index.ts'
import { checkDecoderSpec } from './checkDecoderSpec.ts'
import { decoderGraph } from './decoderGraph.ts'
import type { DecoderBlock, DecoderSpec } from './decoderTypes.ts'
import { fitFlops } from './fitFlops.ts'

/**
 * Block `index` (0-based) of the honest decoder alone, as the referee re-executes it: the same
 * weight streams as buildDecoder's graphs, so the very same weights, prefill-style over a whole
 * sequence with the causal mask from `positions`. Block 0 takes `tokens` and embeds them itself
 * (the embeddings are a function of public tokens, so nobody's claim is trusted for them); the
 * others take `state` [T, width], the claimed output of the block before. The last block also
 * applies the final norm and the head, so its `logits` re-derive the chunk's tokens.
 */
export function buildDecoderBlock(spec: DecoderSpec, index: number): DecoderBlock {
  checkDecoderSpec(spec, { kind: 'honest' })
  if (!(Number.isSafeInteger(index) && index >= 0 && index < spec.blocks)) {
    throw new InputError(`block must be in [0, ${spec.blocks - 1}], got ${index}`)
  }
  const model = decoderGraph(spec, { kind: 'honest' }, { block: index })
  return {
    model,
    index,
    output: `block${index}`,
    logits: index === spec.blocks - 1,
    // Every symbolic dimension is the sequence's length.
    flops: fitFlops(model, (_, n) => n, `block ${index} of the built-in decoder (seed ${spec.seed})`),
  }
}
