import type { Interface } from 'ethers'
import { BaseError } from '../../errors/index.ts'
import type { Amount, Hex, JobLeaf, LedgerCall } from '../../sim/index.ts'
import type { AccountBook } from '../ledger/createAccountBook.ts'
import type { MerkleTree } from '../merkle/buildMerkleTree.ts'
import { callGas } from './callGas.ts'
import { encodeCommit } from './encodeCommit.ts'
import { encodeFunctionCall } from './encodeFunctionCall.ts'
import { encodeReveal } from './encodeReveal.ts'
import { encodeSettleReplication } from './encodeSettleReplication.ts'
import { locateLeaf } from './locateLeaf.ts'

/** What the adapter remembers of a committed batch until it is finalized. */
export type BatchRecord = {
  host: number
  leaves: readonly JobLeaf[]
  /** Each leaf's committed checkpoint root (zero for a leaf without layer digests). */
  checkpointRoots: readonly Hex[]
  tree: MerkleTree
}

/** What the adapter remembers of a bisection game until it is resolved. */
export type GameRecord = { batchId: number; leafIndex: number; verifier: number }

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
  /** What challenge and openGame must send along. */
  challengeBond: Amount
  /** The batch a call names, if it is still kept (committed and not finalized). */
  batchOf(batchId: number): BatchRecord | undefined
  /** The game a call names, if it is still kept (opened and not resolved). */
  gameOf(gameId: number): GameRecord | undefined
}

/** Turn a ledger call into its transaction: sender, calldata, value and gas limit. */
export function encodeLedgerCall(context: EncodeContext, call: LedgerCall): EncodedTx {
  const { iface, accounts } = context
  const owner = accounts.addressOf('owner', 0)
  const referee = accounts.addressOf('referee', 0)
  const tx = (
    from: Hex,
    fn: string,
    args: readonly unknown[],
    value = 0n,
    gas: bigint = callGas.base,
  ): EncodedTx => ({
    from,
    to: context.protocol,
    data: encodeFunctionCall(iface, fn, args),
    value,
    gas,
  })
  const withProof = (proof: readonly Hex[]) => callGas.base + callGas.perProofStep * BigInt(proof.length)
  try {
    switch (call.kind) {
      case 'registerModel':
        return tx(owner, 'registerModel', [call.modelHash, call.flops, call.layers])
      case 'addVerifier':
        return tx(owner, 'addVerifier', [accounts.addressOf('verifier', call.verifier)])
      case 'removeVerifier':
        return tx(owner, 'removeVerifier', [accounts.addressOf('verifier', call.verifier)])
      case 'order': {
        const hosts = call.orders.map((o) => accounts.addressOf('host', o.host))
        const jobs = call.orders.map((o) => o.jobs)
        const gas = callGas.base + callGas.perPayer * BigInt(hosts.length)
        return tx(accounts.addressOf('requester', call.requester), 'order', [hosts, jobs, call.fee], 0n, gas)
      }
      case 'claim':
        return tx(accounts.addressOf(call.account.role, call.account.index), 'claim', [])
      case 'requestEscrowWithdrawal':
        return tx(accounts.addressOf('requester', call.requester), 'requestEscrowWithdrawal', [call.amount])
      case 'withdrawEscrow':
        return tx(accounts.addressOf('requester', call.requester), 'withdrawEscrow', [])
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
      case 'challenge': {
        const { leaf, proof } = locateLeaf(context, call.batchId, call.leafIndex)
        const from = accounts.addressOf('verifier', call.verifier)
        const args = [call.batchId, leaf, proof, call.claimedDigest]
        return tx(from, 'challenge', args, context.challengeBond, withProof(proof))
      }
      case 'resolve':
        return tx(referee, 'resolve', [call.disputeId, call.refereeDigest])
      case 'expireDispute':
        // Anyone may expire a dispute; the owner does it as a neutral keeper, like finalize.
        return tx(owner, 'expireDispute', [call.disputeId])
      case 'finalize':
        // Anyone may finalize; the owner does it as a neutral keeper (gas is free, so no wallet moves).
        return tx(owner, 'finalize', [call.batchId])
      case 'settleReplication':
        return encodeSettleReplication(context, call)
      case 'emit': {
        // `emit` is a Solidity keyword: the contract's function is emitToHosts.
        const hosts = call.hosts.map((h) => accounts.addressOf('host', h))
        const gas = callGas.base + callGas.perEmitHost * BigInt(hosts.length)
        return tx(owner, 'emitToHosts', [hosts], 0n, gas)
      }
      case 'openGame': {
        const { leaf, proof } = locateLeaf(context, call.batchId, call.leafIndex)
        const from = accounts.addressOf('verifier', call.verifier)
        const args = [call.batchId, leaf, proof]
        return tx(from, 'openGame', args, context.challengeBond, withProof(proof))
      }
      case 'reveal':
        return encodeReveal(context, call)
      case 'respond': {
        // Only the game's challenger may respond; an unknown game gets the chain's UnknownGame.
        const verifier = context.gameOf(call.gameId)?.verifier ?? 0
        return tx(accounts.addressOf('verifier', verifier), 'respond', [call.gameId, call.agree])
      }
      case 'resolveGame':
        return tx(referee, 'resolveGame', [call.gameId, call.refereeDigest])
      case 'timeoutGame':
        // Anyone may claim a timeout; the owner does it as a neutral keeper, like finalize.
        return tx(owner, 'timeoutGame', [call.gameId])
      case 'attest': {
        const from = accounts.addressOf('host', call.host)
        return tx(from, 'attest', [call.batchId, call.gas], 0n, callGas.base + BigInt(call.gas))
      }
    }
  } catch (error) {
    throw new BaseError(`cannot encode ledger call ${describe(call)}: ${(error as Error).message}`, {
      cause: error,
    })
  }
}

function describe(call: LedgerCall): string {
  return JSON.stringify(call, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  )
}
