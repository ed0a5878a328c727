import type { MemoryState } from './createMemoryState.ts'
import { formatRevert } from './formatRevert.ts'
import { hashJobLeaf } from './hashJobLeaf.ts'
import type { LocatedLeaf } from './resolveMemoryCall.ts'
import { sameWord } from './sameWord.ts'

/**
 * The checks of Protocol.sol's `_touchLeaf`, in its order, without marking the leaf: the batch
 * exists, still takes challenges, the proof leads to its root, and the leaf was never touched.
 * Returns the revert reason, or undefined with `leaf.hash` set. A placeholder leaf is hashed
 * only here, where the chain would check its (empty) proof against the root.
 */
export function checkLeaf(state: MemoryState, leaf: LocatedLeaf): string | undefined {
  const batch = state.batches[leaf.batchId]
  if (!batch) return formatRevert('UnknownBatch', leaf.batchId)
  if (state.block.timestamp >= batch.deadline) {
    return formatRevert('ChallengeWindowClosed', leaf.batchId, batch.deadline)
  }
  if (leaf.hash === undefined) {
    const requester = state.accounts.addressOf('requester', leaf.requester)
    const hash = hashJobLeaf(leaf.jobId, requester, leaf.fee, leaf.resultDigest, leaf.checkpointRoot)
    if (!sameWord(hash, batch.root)) return 'InvalidProof()'
    leaf.hash = hash
  }
  if ((batch.leafState?.get(leaf.hash) ?? 0) !== 0) {
    return formatRevert('LeafAlreadyTouched', leaf.batchId, leaf.hash)
  }
  return undefined
}
