import type { Interface } from 'ethers'
import { BaseError } from '../sim/errors.ts'
import type { Hex, JobLeaf, LedgerCall } from '../sim/ports.ts'
import { buildMerkleTree, type MerkleTree } from './buildMerkleTree.ts'
import type { AccountBook } from './createAccountBook.ts'
import { hashJobLeaf } from './hashJobLeaf.ts'

/** What the adapter remembers of a committed batch until it is finalized. */
export type BatchRecord = { leaves: readonly JobLeaf[]; tree: MerkleTree }

/** One transaction, ready for eth_sendTransaction. */
export type EncodedTx = {
  from: Hex
  to: Hex
  data: Hex
  value: bigint
  gas: bigint
  /** For a commit: the batch to remember once the chain assigns its id. */
  batch?: BatchRecord
}

export type EncodeContext = {
  iface: Interface
  protocol: Hex
  accounts: AccountBook
  /** The batch a challenge names, if it is still kept (committed and not finalized). */
  batchOf(batchId: number): BatchRecord | undefined
}

const zeroWord: Hex = `0x${'0'.repeat(64)}`

/**
 * Gas limits per call, set explicitly because estimating each transaction would cost a round
 * trip and fail for the ones meant to revert. Measured costs stay far below (see the tests);
 * gas price is 0, so a generous limit costs nothing. Commit and challenge grow with their
 * payers and proof length.
 */
const baseGas = 500_000n
const gasPerPayer = 40_000n
const gasPerProofStep = 5_000n

/** Turn a ledger call into its transaction: sender, calldata, value and gas limit. */
export function encodeLedgerCall(context: EncodeContext, call: LedgerCall): EncodedTx {
  const { iface, accounts } = context
  const owner = accounts.addressOf('owner', 0)
  const tx = (from: Hex, fn: string, args: readonly unknown[], value = 0n, gas = baseGas): EncodedTx => ({
    from,
    to: context.protocol,
    data: iface.encodeFunctionData(fn, args) as Hex,
    value,
    gas,
  })
  try {
    switch (call.kind) {
      case 'registerModel':
        return tx(owner, 'registerModel', [call.modelHash, call.flops, call.layers])
      case 'addVerifier':
        return tx(owner, 'addVerifier', [accounts.addressOf('verifier', call.verifier)])
      case 'stake':
        return tx(accounts.addressOf('host', call.host), 'stake', [], call.amount)
      case 'deposit':
        return tx(accounts.addressOf('requester', call.requester), 'deposit', [], call.amount)
      case 'requestUnstake':
        return tx(accounts.addressOf('host', call.host), 'requestUnstake', [call.amount])
      case 'withdraw':
        return tx(accounts.addressOf('host', call.host), 'withdraw', [])
      case 'commit':
        return encodeCommit(context, call)
      case 'challenge':
        return encodeChallenge(context, call)
      case 'resolve':
        return tx(accounts.addressOf('referee', 0), 'resolve', [call.disputeId, call.refereeDigest])
      case 'finalize':
        // Anyone may finalize; the owner does it as a neutral keeper (gas is free, so no wallet moves).
        return tx(owner, 'finalize', [call.batchId])
    }
  } catch (error) {
    throw new BaseError(`cannot encode ledger call ${describe(call)}: ${(error as Error).message}`, {
      cause: error,
    })
  }
}

function encodeCommit(context: EncodeContext, call: Extract<LedgerCall, { kind: 'commit' }>): EncodedTx {
  const { accounts } = context
  const leafHashes = call.leaves.map((leaf) =>
    hashJobLeaf(leaf.jobId, accounts.addressOf('requester', leaf.requester), leaf.fee, leaf.resultDigest),
  )
  // An empty commit still goes to the chain (which answers EmptyBatch) so the sim sees the
  // same outcome on both ledger adapters.
  const batch = leafHashes.length > 0 ? { leaves: call.leaves, tree: buildMerkleTree(leafHashes) } : undefined
  // One escrow debit per requester, in order of first appearance, rather than one per job.
  const fees = new Map<number, bigint>()
  for (const leaf of call.leaves) fees.set(leaf.requester, (fees.get(leaf.requester) ?? 0n) + leaf.fee)
  const payers = [...fees.keys()].map((requester) => accounts.addressOf('requester', requester))
  const args = [call.modelHash, batch?.tree.root ?? zeroWord, call.leaves.length, payers, [...fees.values()]]
  return {
    from: accounts.addressOf('host', call.host),
    to: context.protocol,
    data: context.iface.encodeFunctionData('commit', args) as Hex,
    value: 0n,
    gas: baseGas + gasPerPayer * BigInt(payers.length),
    ...(batch ? { batch } : {}),
  }
}

function encodeChallenge(
  context: EncodeContext,
  call: Extract<LedgerCall, { kind: 'challenge' }>,
): EncodedTx {
  const { accounts } = context
  const record = context.batchOf(call.batchId)
  const leaf = record?.leaves[call.leafIndex]
  // A batch the adapter no longer keeps is finalized (or never existed), and a leaf index past
  // its end names nothing: send a placeholder leaf anyway and let the chain give the verdict
  // (ChallengeWindowClosed, UnknownBatch, InvalidProof), so errors come from one place.
  const proof = record && leaf ? record.tree.proof(call.leafIndex) : []
  const args = [
    call.batchId,
    leaf?.jobId ?? 0,
    leaf ? accounts.addressOf('requester', leaf.requester) : accounts.addressOf('requester', 0),
    leaf?.fee ?? 0n,
    leaf?.resultDigest ?? zeroWord,
    proof,
    call.claimedDigest,
  ]
  return {
    from: accounts.addressOf('verifier', call.verifier),
    to: context.protocol,
    data: context.iface.encodeFunctionData('challenge', args) as Hex,
    value: 0n,
    gas: baseGas + gasPerProofStep * BigInt(proof.length),
  }
}

function describe(call: LedgerCall): string {
  return JSON.stringify(call, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  )
}
