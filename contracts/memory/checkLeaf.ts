import { formatRevert } from '../abi/formatRevert.ts'
import { computeLeafHash } from '../merkle/computeLeafHash.ts'
import type { MemoryState } from './createMemoryState.ts'
import { leafKey } from './leafKey.ts'
import type { LocatedLeaf } from './resolveMemoryCall.ts'

/**
 * The checks of Protocol.sol's `_touchLeaf`, in its order, without marking the leaf: the batch
 * exists, still takes challenges, the proof leads to its root, and the leaf was never touched.
 * Returns the revert reason, or undefined with `leaf.key` set for marking. A leaf the adapter
 * located has a valid proof by construction; a placeholder's empty proof leads to its own hash,
 * which is the root only of a batch whose single leaf is that placeholder. Nothing is hashed
 * unless a revert names the leaf.
 */
export function checkLeaf(state: MemoryState, leaf: LocatedLeaf): string | undefined {
  const batch = state.batches.get(leaf.batchId)
  if (!batch) return formatRevert('UnknownBatch', leaf.batchId)
  if (state.block.timestamp >= batch.deadline || batch.finalized) {
    // A finalized batch's deadline has passed (finalize waits for it): this names it.
    return formatRevert('ChallengeWindowClosed', leaf.batchId, batch.deadline)
  }
  leaf.key ??= leafKey(leaf.jobId, leaf.requester, leaf.fee, leaf.resultDigest, leaf.layerDigests)
  if (!leaf.known) {
    const only = batch.leaves.length === 1 ? batch.leaves[0] : undefined
    if (
      !only ||
      leafKey(only.jobId, only.requester, only.fee, only.resultDigest, only.layerDigests) !== leaf.key
    ) {
      return 'InvalidProof()'
    }
  }
  if ((batch.leafState?.get(leaf.key) ?? 0) !== 0) {
    return formatRevert('LeafAlreadyTouched', leaf.batchId, computeLeafHash(state.accounts, leaf))
  }
  return undefined
}
