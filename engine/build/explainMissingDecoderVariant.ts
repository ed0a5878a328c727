import type { GeneratingModelSpec, VariantName } from '../../sim/index.ts'

const GRAPH_CHEATS: readonly VariantName[] = ['skip', 'substitute', 'int4']
const LOOP_CHEATS: readonly VariantName[] = ['kv8', 'truncate', 'reseed', 'bias']

/**
 * Why a decoder has no such variant, or undefined when it has it. A pair of decoder files has
 * no block structure to drop, shrink or requantize, so it runs the honest graphs and the loop
 * cheats only; skip needs at least one block dropped and one kept.
 */
export function explainMissingDecoderVariant(
  spec: GeneratingModelSpec,
  variant: VariantName,
  blocks: number,
): string | undefined {
  if (variant === 'honest' || LOOP_CHEATS.includes(variant)) return undefined
  if (!GRAPH_CHEATS.includes(variant))
    return `${variant} is a forward-pass cheat; a decoder runs honest, ${[...GRAPH_CHEATS, ...LOOP_CHEATS].join(', ')}`
  if (spec.kind === 'decoderFile')
    return `model.decoder: a decoder from .onnx files has no ${variant} variant (it runs honest, ${LOOP_CHEATS.join(', ')})`
  if (variant !== 'skip') return undefined
  const { skipBlocks } = spec.cheats
  return skipBlocks >= 1 && skipBlocks < blocks
    ? undefined
    : `model.cheats.skipBlocks is ${skipBlocks}; the skip variant needs it in [1, ${blocks}) for a decoder of ${blocks} blocks`
}
