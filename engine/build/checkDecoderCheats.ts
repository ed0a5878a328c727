import { InputError } from '../../errors/index.ts'
import type { DecoderCheatParams } from '../../sim/index.ts'

/**
 * Rejects decoder cheat parameters no variant could be made from, naming the field. A skipBlocks
 * outside [1, blocks) is not an error: the model then has no skip variant (explainMissing-
 * DecoderVariant says why to whoever asks for one), as a forward model's skipLayers.
 */
export function checkDecoderCheats(cheats: DecoderCheatParams, vocab: number): void {
  const { skipBlocks, truncateKeep, biasTokens, bias } = cheats
  if (!(Number.isSafeInteger(skipBlocks) && skipBlocks >= 0)) {
    throw new InputError(`model.cheats.skipBlocks must be an integer ≥ 0, got ${skipBlocks}`)
  }
  if (!(Number.isSafeInteger(truncateKeep) && truncateKeep >= 1)) {
    throw new InputError(
      `model.cheats.truncateKeep must be an integer ≥ 1 (prompt tokens a truncating host feeds), got ${truncateKeep}`,
    )
  }
  if (!Array.isArray(biasTokens)) throw new InputError('model.cheats.biasTokens must be a list of token ids')
  const bad = biasTokens.findIndex((token) => !(Number.isSafeInteger(token) && token >= 0 && token < vocab))
  if (bad >= 0) {
    throw new InputError(
      `model.cheats.biasTokens[${bad}] must be a token id from 0 to ${vocab - 1}, got ${biasTokens[bad]}`,
    )
  }
  if (!Number.isFinite(bias)) throw new InputError(`model.cheats.bias must be a finite number, got ${bias}`)
}
