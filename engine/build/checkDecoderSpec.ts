import { InputError } from '../../errors/index.ts'
import type { DecoderSpec, DecoderVariant } from './decoderTypes.ts'

/** Rejects a decoder spec (or variant) the builder cannot make, naming the field and the fix. */
export function checkDecoderSpec(spec: DecoderSpec, variant: DecoderVariant = { kind: 'honest' }): void {
  const least = { vocab: 2, width: 1, heads: 1, blocks: 1, context: 1, ffMult: 1 } as const
  for (const [field, minimum] of Object.entries(least) as [keyof typeof least, number][]) {
    const value = spec[field]
    if (!(Number.isSafeInteger(value) && value >= minimum)) {
      const why = field === 'vocab' ? ' (a model needs at least two tokens to choose between)' : ''
      throw new InputError(`model.${field} must be an integer ≥ ${minimum}${why}, got ${value}`)
    }
  }
  if (spec.width % spec.heads !== 0) {
    throw new InputError(`model.width must be a multiple of model.heads (${spec.heads}), got ${spec.width}`, {
      hint: `try width ${Math.ceil(spec.width / spec.heads) * spec.heads}`,
    })
  }
  if (!Number.isSafeInteger(spec.seed))
    throw new InputError(`model.seed must be an integer, got ${spec.seed}`)
  if (
    variant.kind === 'skip' &&
    !(Number.isSafeInteger(variant.blocks) && variant.blocks >= 1 && variant.blocks < spec.blocks)
  ) {
    throw new InputError(
      `a skip variant keeps 1 to ${spec.blocks - 1} of the model's ${spec.blocks} blocks, got ${variant.blocks}`,
    )
  }
  if (variant.kind === 'substitute') {
    const { width, heads, blocks } = variant
    try {
      checkDecoderSpec({ ...spec, width, heads, blocks })
    } catch (error) {
      // The fields are the substitute's, not the model's: say so.
      if (error instanceof InputError) throw new InputError(`substitute decoder: ${error.shortMessage}`)
      throw error
    }
  }
}
