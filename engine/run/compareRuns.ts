import type { CompareResult } from '../../sim/index.ts'
import type { OpenVariant } from '../build/types.ts'
import { compareCheckpoint } from './compareCheckpoint.ts'

/** A checker's re-execution: both runs on the same input, every checkpoint compared. */
export async function compareRuns(
  claimed: OpenVariant,
  reference: OpenVariant,
  inputSeed: number,
  tolerance: number,
): Promise<CompareResult> {
  const [theirs, ours] = [await claimed.run(inputSeed), await reference.run(inputSeed)]
  const agree = ours.map((values, i) => {
    const claimedValues = theirs[i]
    return claimedValues !== undefined && compareCheckpoint(claimedValues, values, tolerance)
  })
  return { agree, flops: reference.flops }
}
