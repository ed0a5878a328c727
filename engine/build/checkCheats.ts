import { InputError } from '../../errors/index.ts'
import type { CheatParams } from '../../sim/index.ts'

/**
 * Rejects cheat parameters that are malformed, naming the field. Whether a cheat fits the model
 * (skipLayers below its layer count) is not an error here: a scenario without cheaters keeps the
 * defaults whatever its model, so such a variant is only absent (see explainMissingVariant).
 */
export function checkCheats(cheats: CheatParams | undefined): void {
  if (!cheats || typeof cheats !== 'object') {
    throw new InputError('model.cheats must be an object with skipLayers, noiseScale and substituteWidth')
  }
  const { skipLayers, noiseScale, substituteWidth } = cheats
  if (!(Number.isSafeInteger(skipLayers) && skipLayers >= 0)) {
    throw new InputError(`model.cheats.skipLayers must be an integer ≥ 0, got ${skipLayers}`)
  }
  if (!(Number.isFinite(noiseScale) && noiseScale >= 0)) {
    throw new InputError(`model.cheats.noiseScale must be a finite number ≥ 0, got ${noiseScale}`)
  }
  if (!(Number.isSafeInteger(substituteWidth) && substituteWidth >= 1)) {
    throw new InputError(`model.cheats.substituteWidth must be an integer ≥ 1, got ${substituteWidth}`)
  }
}
