/**
 * How many siblings buildMerkleTree's proof of leaf `index` holds in a tree of `leafCount` leaves,
 * without building the proof: an odd node out moves up without a sibling. The memory ledger needs
 * only the length (its modeled gas grows with it, as calldata and hashing do on chain).
 */
export function countProofSteps(leafCount: number, index: number): number {
  let steps = 0
  let position = index
  for (let width = leafCount; width > 1; width = Math.ceil(width / 2)) {
    if ((position ^ 1) < width) steps++
    position >>= 1
  }
  return steps
}
