import { checkDecoderSpec } from './checkDecoderSpec.ts'
import { decoderGraph } from './decoderGraph.ts'
import type { DecoderSpec, DecoderVariant } from './decoderTypes.ts'
import { roundWeightsTo4Bits } from './roundWeightsTo4Bits.ts'

/**
 * A decoder variant's prefill and decode-step graphs with a batch axis (issue 19): the same
 * seeded weights as buildDecoder's, every input and output led by B, caches
 * [B, heads, past, headDim], and an additive key mask `mask` [B, keys] so left-padded sequences of
 * different lengths share one run. FLOPs and cache sizes are the unbatched build's (per sequence).
 */
export type BatchedDecoderGraphs = {
  prefill: ReturnType<typeof decoderGraph>
  decode: ReturnType<typeof decoderGraph>
}

export function buildBatchedDecoder(
  spec: DecoderSpec,
  variant: DecoderVariant = { kind: 'honest' },
): BatchedDecoderGraphs {
  checkDecoderSpec(spec, variant)
  const prefill = decoderGraph(spec, variant, 'prefill', { batched: true })
  const decode = decoderGraph(spec, variant, 'decode', { batched: true })
  if (variant.kind === 'int4')
    return { prefill: roundWeightsTo4Bits(prefill), decode: roundWeightsTo4Bits(decode) }
  return { prefill, decode }
}
