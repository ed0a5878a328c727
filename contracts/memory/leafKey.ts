import type { Amount, Hex } from '../../sim/index.ts'

/**
 * What identifies a leaf on chain without hashing it: two leaves have the same hash exactly when
 * job, requester, fee, result digest and layer digests are the same bytes (hex case aside), so
 * this string stands in for the hash as the key of Protocol.sol's leafState. No layer digests
 * and an empty list both mean a zero checkpoint root.
 */
export function leafKey(
  jobId: number,
  requester: number,
  fee: Amount,
  resultDigest: Hex,
  layerDigests: readonly Hex[] | undefined,
): string {
  const layers = layerDigests && layerDigests.length > 0 ? layerDigests.join(',') : ''
  return `${jobId}|${requester}|${fee}|${resultDigest}|${layers}`.toLowerCase()
}
