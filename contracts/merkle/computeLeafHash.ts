import type { Amount, Hex } from '../../sim/index.ts'
import type { AccountBook } from '../ledger/createAccountBook.ts'
import { buildCheckpointTree } from './buildCheckpointTree.ts'
import { hashJobLeaf } from './hashJobLeaf.ts'

const zeroWord: Hex = `0x${'0'.repeat(64)}`

/**
 * A committed result's batch-tree leaf, exactly as encodeCommit computes it for the chain: its
 * checkpoint root over the layer digests (zero without them), then hashJobLeaf. The memory
 * ledger hashes only when something reads a hash (an event's root, a revert naming a leaf).
 */
export function computeLeafHash(
  accounts: AccountBook,
  leaf: {
    jobId: number
    requester: number
    fee: Amount
    resultDigest: Hex
    layerDigests?: readonly Hex[] | undefined
  },
): Hex {
  const { layerDigests } = leaf
  const checkpointRoot =
    layerDigests && layerDigests.length > 0 ? buildCheckpointTree(layerDigests).root : zeroWord
  return hashJobLeaf(
    leaf.jobId,
    accounts.addressOf('requester', leaf.requester),
    leaf.fee,
    leaf.resultDigest,
    checkpointRoot,
  )
}
