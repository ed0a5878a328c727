import type { Hex, JobLeaf } from '../sim/ports.ts'
import { buildCheckpointTree } from './buildCheckpointTree.ts'
import { buildMerkleTree } from './buildMerkleTree.ts'
import type { AccountBook } from './createAccountBook.ts'
import type { BatchRecord } from './encodeLedgerCall.ts'
import { hashJobLeaf } from './hashJobLeaf.ts'

const zeroWord: Hex = `0x${'0'.repeat(64)}`

/**
 * What a commit's leaves become, exactly as encodeCommit builds them for the chain: each leaf's
 * checkpoint root, the leaf hashes and the batch tree, so the Committed root is the chain's own.
 * No leaves, no tree (the chain answers EmptyBatch).
 */
export function buildBatchRecord(
  accounts: AccountBook,
  host: number,
  leaves: readonly JobLeaf[],
): BatchRecord | undefined {
  if (leaves.length === 0) return undefined
  const checkpointRoots = leaves.map((leaf) =>
    leaf.layerDigests && leaf.layerDigests.length > 0
      ? buildCheckpointTree(leaf.layerDigests).root
      : zeroWord,
  )
  const leafHashes = leaves.map((leaf, i) =>
    hashJobLeaf(
      leaf.jobId,
      accounts.addressOf('requester', leaf.requester),
      leaf.fee,
      leaf.resultDigest,
      checkpointRoots[i] ?? zeroWord,
    ),
  )
  return { host, leaves, checkpointRoots, tree: buildMerkleTree(leafHashes) }
}
