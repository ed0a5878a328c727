import type { DecoderModelSpec } from '../../sim/index.ts'
import type { DecoderSpec } from './decoderTypes.ts'

/** A built-in decoder model's builder spec: the model spec without its kind and cheats. */
export function decoderSpecOf(spec: DecoderModelSpec): DecoderSpec {
  const { vocab, width, heads, blocks, context, ffMult, seed } = spec
  return { vocab, width, heads, blocks, context, ffMult, seed }
}
