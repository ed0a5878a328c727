import type { Hex } from '../../sim/index.ts'
import { sameWord } from './sameWord.ts'

/**
 * Whether two leaves' layer digests give the same checkpoint root, without hashing: the same
 * digests in the same order (hex case aside); none and an empty list both give the zero root.
 */
export function sameDigests(a: readonly Hex[] | undefined, b: readonly Hex[] | undefined): boolean {
  if (a === b) return true
  const left = a ?? []
  const right = b ?? []
  if (left.length !== right.length) return false
  for (let i = 0; i < left.length; i++) if (!sameWord(left[i] as Hex, right[i] as Hex)) return false
  return true
}
