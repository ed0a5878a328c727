import { InputError } from '../../errors/index.ts'
import type { GenerationTolerance } from './verifyGeneration.ts'

/**
 * A generation tolerance a check can use: an overlap share in [0, 1], and a value distance and
 * token margin that are finite and ≥ 0 (a value distance of 0 passes only bit-identical values,
 * which a one-prefill check never reproduces, so it must be > 0).
 */
export function checkGenerationTolerance(tolerance: GenerationTolerance): void {
  const { minOverlap, maxValueDistance, tokenMargin } = tolerance
  if (!(Number.isFinite(minOverlap) && minOverlap >= 0 && minOverlap <= 1))
    throw new InputError(`generationTolerance.minOverlap must be a share in [0, 1], got ${minOverlap}`)
  if (!(Number.isFinite(maxValueDistance) && maxValueDistance > 0))
    throw new InputError(
      `generationTolerance.maxValueDistance must be a finite number > 0, got ${maxValueDistance}`,
      { hint: 'a one-prefill check never reproduces decode steps bit for bit; the default is 0.02' },
    )
  if (!(Number.isFinite(tokenMargin) && tokenMargin >= 0))
    throw new InputError(`generationTolerance.tokenMargin must be a finite number ≥ 0, got ${tokenMargin}`)
}
