import type { Hex, LedgerCall } from '../../sim/index.ts'
import { buildCheckpointTree } from '../merkle/buildCheckpointTree.ts'
import { buildMerkleTree } from '../merkle/buildMerkleTree.ts'
import { hashJobLeaf } from '../merkle/hashJobLeaf.ts'
import { callGas } from './callGas.ts'
import { encodeFunctionCall } from './encodeFunctionCall.ts'
import type { EncodeContext, EncodedTx } from './encodeLedgerCall.ts'

const zeroWord: Hex = `0x${'0'.repeat(64)}`

/**
 * A commit: each leaf's checkpoint root, the batch tree over the leaf hashes, and per requester
 * the number of its jobs in the batch (the contract takes that many from its order with the host
 * and charges the order's fee from its escrow). The batch is remembered (on the returned tx)
 * until the chain gives it an id.
 */
export function encodeCommit(
  context: EncodeContext,
  call: Extract<LedgerCall, { kind: 'commit' }>,
): EncodedTx {
  const { accounts } = context
  const checkpointRoots = call.leaves.map((leaf) =>
    leaf.layerDigests && leaf.layerDigests.length > 0
      ? buildCheckpointTree(leaf.layerDigests).root
      : zeroWord,
  )
  const leafHashes = call.leaves.map((leaf, i) =>
    hashJobLeaf(
      leaf.jobId,
      accounts.addressOf('requester', leaf.requester),
      leaf.fee,
      leaf.resultDigest,
      checkpointRoots[i] ?? zeroWord,
    ),
  )
  // An empty commit still goes to the chain (which answers EmptyBatch) so the sim sees the
  // same outcome on both ledger adapters.
  const batch =
    leafHashes.length > 0
      ? { host: call.host, leaves: call.leaves, checkpointRoots, tree: buildMerkleTree(leafHashes) }
      : undefined
  // One count per requester, in order of first appearance, rather than one entry per job.
  const counts = new Map<number, number>()
  for (const leaf of call.leaves) counts.set(leaf.requester, (counts.get(leaf.requester) ?? 0) + 1)
  const payers = [...counts.keys()].map((requester) => accounts.addressOf('requester', requester))
  const args = [
    call.modelHash,
    batch?.tree.root ?? zeroWord,
    call.leaves.length,
    payers,
    [...counts.values()],
  ]
  return {
    from: accounts.addressOf('host', call.host),
    to: context.protocol,
    data: encodeFunctionCall(context.iface, 'commit', args),
    value: 0n,
    gas: callGas.base + callGas.perPayer * BigInt(payers.length),
    ...(batch ? { batch } : {}),
  }
}
