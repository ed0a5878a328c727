import type { Hex } from '../../sim/index.ts'

/**
 * Whether two bytes32 values are the same word, as the chain compares them: hex case does not
 * matter once encoded. The sim's digests are lower-case already, so the first test decides.
 */
export function sameWord(a: Hex, b: Hex): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase()
}
