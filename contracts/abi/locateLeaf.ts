import type { Amount, Hex } from '../../sim/index.ts'
import type { EncodeContext } from './encodeLedgerCall.ts'

/** A leaf as Protocol.sol's `Leaf` struct takes it. */
export type LeafArgs = {
  jobId: number
  requester: Hex
  fee: Amount
  resultDigest: Hex
  checkpointRoot: Hex
}

const zeroWord: Hex = `0x${'0'.repeat(64)}`

/**
 * The committed fields and batch proof of leaf `leafIndex` of batch `batchId`. A batch the
 * adapter no longer keeps is finalized (or never existed), and an index past its end names
 * nothing: a placeholder leaf (job `jobId`, zero fields, empty proof) goes to the chain anyway,
 * so the verdict (ChallengeWindowClosed, UnknownBatch, InvalidProof) comes from one place.
 */
export function locateLeaf(
  context: EncodeContext,
  batchId: number,
  leafIndex: number,
  jobId = 0,
): { leaf: LeafArgs; proof: Hex[] } {
  const { accounts } = context
  const record = context.batchOf(batchId)
  const leaf = record?.leaves[leafIndex]
  if (!record || !leaf) {
    const requester = accounts.addressOf('requester', 0)
    return {
      leaf: { jobId, requester, fee: 0n, resultDigest: zeroWord, checkpointRoot: zeroWord },
      proof: [],
    }
  }
  return {
    leaf: {
      jobId: leaf.jobId,
      requester: accounts.addressOf('requester', leaf.requester),
      fee: leaf.fee,
      resultDigest: leaf.resultDigest,
      checkpointRoot: record.checkpointRoots[leafIndex] ?? zeroWord,
    },
    proof: record.tree.proof(leafIndex),
  }
}
