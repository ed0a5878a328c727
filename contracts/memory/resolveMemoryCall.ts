import { BaseError } from '../../errors/index.ts'
import type { Amount, Hex, JobLeaf, LedgerCall } from '../../sim/index.ts'
import { checkpointDepth } from '../merkle/checkpointDepth.ts'
import { countProofSteps } from '../merkle/countProofSteps.ts'

type Of<K extends LedgerCall['kind']> = Extract<LedgerCall, { kind: K }>

/**
 * A leaf as locateLeaf hands it to the chain. When the adapter knew the batch (`known`), its
 * proof holds by construction and nothing needs hashing; a placeholder (unknown batch or index:
 * job `jobId`, zero fields, empty proof) passes only where it is the batch's single leaf.
 */
export type LocatedLeaf = {
  batchId: number
  jobId: number
  requester: number
  fee: Amount
  resultDigest: Hex
  /** The digests under the leaf's checkpoint root; none for a zero root. */
  layerDigests: readonly Hex[] | undefined
  known: boolean
  /** Length of the batch proof sent along (modeled gas grows with it). */
  proofSteps: number
  /** Its leafKey, once checkLeaf has worked it out. */
  key?: string
}

/** What the adapter knows of a committed batch until it is finalized (the chain has its root). */
export type MemoryBatchRecord = { host: number; leaves: readonly JobLeaf[] }

/** What the adapter knows of a bisection game until it is resolved. */
export type MemoryGameRecord = { batchId: number; leafIndex: number; challenger: number }

/**
 * A call with everything the anvil adapter decides when it encodes it at submit time: senders,
 * located leaves, the commit's tree and escrow debits, the reveal's digest and proof. Deciding
 * them at the same moment, from records kept the same way, makes a call that races its own
 * batch or game (e.g. a reveal in the block that opens the game) fail the same way on both.
 */
export type ResolvedCall =
  | { kind: 'registerModel'; call: Of<'registerModel'>; modelHash: Hex }
  | { kind: 'addVerifier'; call: Of<'addVerifier'> }
  | { kind: 'removeVerifier'; call: Of<'removeVerifier'> }
  | { kind: 'order'; call: Of<'order'> }
  | { kind: 'claim'; call: Of<'claim'> }
  | { kind: 'requestEscrowWithdrawal'; call: Of<'requestEscrowWithdrawal'> }
  | { kind: 'withdrawEscrow'; call: Of<'withdrawEscrow'> }
  | { kind: 'expireDispute'; call: Of<'expireDispute'> }
  | { kind: 'stake'; call: Of<'stake'> }
  | { kind: 'deposit'; call: Of<'deposit'> }
  | { kind: 'requestUnstake'; call: Of<'requestUnstake'> }
  | { kind: 'withdraw'; call: Of<'withdraw'> }
  | {
      kind: 'commit'
      call: Of<'commit'>
      modelHash: Hex
      /** Requester indices in order of first appearance, and how many of the leaves are each's. */
      payers: number[]
      counts: number[]
    }
  | { kind: 'challenge'; call: Of<'challenge'>; leaf: LocatedLeaf }
  | { kind: 'resolve'; call: Of<'resolve'> }
  | { kind: 'finalize'; call: Of<'finalize'> }
  | { kind: 'emit'; call: Of<'emit'> }
  | { kind: 'settleReplication'; call: Of<'settleReplication'>; leaves: LocatedLeaf[] }
  | { kind: 'openGame'; call: Of<'openGame'>; leaf: LocatedLeaf }
  | {
      kind: 'reveal'
      call: Of<'reveal'>
      /** Host index the reveal is sent from: the batch's host, or host 0 when unknown. */
      sender: number
      digest: Hex
      proofSteps: number
      /** The digests the proof was built over (it leads to their root); none without a proof. */
      proofDigests: readonly Hex[] | undefined
    }
  | { kind: 'respond'; call: Of<'respond'>; sender: number }
  | { kind: 'resolveGame'; call: Of<'resolveGame'> }
  | { kind: 'timeoutGame'; call: Of<'timeoutGame'> }
  | { kind: 'attest'; call: Of<'attest'> }

export type ResolveContext = {
  batchOf(batchId: number): MemoryBatchRecord | undefined
  gameOf(gameId: number): MemoryGameRecord | undefined
}

const zeroWord: Hex = `0x${'0'.repeat(64)}`
const uint256Limit = 2n ** 256n
const uint128Limit = 2n ** 128n
const wordPattern = /^0x[0-9a-fA-F]{64}$/
const bytesPattern = /^0x(?:[0-9a-fA-F]{2})*$/

/**
 * Resolve a call at submit time, as encodeLedgerCall does, and refuse what ethers would refuse
 * to encode (negative or fractional integers, out-of-range widths, bytes32 of the wrong length)
 * with the same message prefix. The reasons differ in wording from ethers'.
 */
export function resolveMemoryCall(context: ResolveContext, call: LedgerCall): ResolvedCall {
  try {
    return resolve(context, call)
  } catch (error) {
    throw new BaseError(`cannot encode ledger call ${describe(call)}: ${(error as Error).message}`, {
      cause: error,
    })
  }
}

function resolve(context: ResolveContext, call: LedgerCall): ResolvedCall {
  switch (call.kind) {
    case 'registerModel':
      uint(call.flops, 'flops')
      uint(call.layers, 'layers', 0xffff)
      return { kind: call.kind, call, modelHash: word(call.modelHash, 'modelHash') }
    case 'addVerifier':
    case 'removeVerifier':
    case 'withdraw':
    case 'withdrawEscrow':
    case 'claim':
      return { kind: call.kind, call } as ResolvedCall
    case 'order':
      amount(call.fee, 'fee', uint128Limit)
      for (const o of call.orders) uint(o.jobs, 'jobs', 0xffffffff)
      return { kind: call.kind, call }
    case 'requestEscrowWithdrawal':
      amount(call.amount, 'amount')
      return { kind: call.kind, call }
    case 'expireDispute':
      uint(call.disputeId, 'disputeId')
      return { kind: call.kind, call }
    case 'stake':
    case 'deposit':
    case 'requestUnstake':
      amount(call.amount, 'amount')
      return { kind: call.kind, call } as ResolvedCall
    case 'commit':
      return resolveCommit(call)
    case 'challenge':
      word(call.claimedDigest, 'claimedDigest')
      return { kind: call.kind, call, leaf: locate(context, call.batchId, call.leafIndex) }
    case 'resolve':
      uint(call.disputeId, 'disputeId')
      word(call.refereeDigest, 'refereeDigest')
      return { kind: call.kind, call }
    case 'finalize':
      uint(call.batchId, 'batchId')
      return { kind: call.kind, call }
    case 'emit':
      for (const host of call.hosts) uint(host, 'host')
      return { kind: call.kind, call }
    case 'settleReplication': {
      uint(call.jobId, 'jobId')
      const leaves = call.entries.map((entry) => locate(context, entry.batchId, entry.leafIndex, call.jobId))
      return { kind: call.kind, call, leaves }
    }
    case 'openGame':
      return { kind: call.kind, call, leaf: locate(context, call.batchId, call.leafIndex) }
    case 'reveal':
      return resolveReveal(context, call)
    case 'respond':
      uint(call.gameId, 'gameId')
      return { kind: call.kind, call, sender: context.gameOf(call.gameId)?.challenger ?? 0 }
    case 'resolveGame':
      uint(call.gameId, 'gameId')
      word(call.refereeDigest, 'refereeDigest')
      return { kind: call.kind, call }
    case 'timeoutGame':
      uint(call.gameId, 'gameId')
      return { kind: call.kind, call }
    case 'attest':
      uint(call.batchId, 'batchId')
      uint(call.gas, 'gas')
      return { kind: call.kind, call }
  }
}

/**
 * A commit: its model, and one job count per requester in order of first appearance, as
 * encodeCommit sends them. The leaves are checked as encodeCommit's hashing would check them,
 * but not hashed: nothing on the way needs their root (computeBatchRoot makes it on demand).
 */
function resolveCommit(call: Of<'commit'>): ResolvedCall {
  const modelHash = word(call.modelHash, 'modelHash')
  for (const leaf of call.leaves) {
    uint(leaf.jobId, 'jobId')
    amount(leaf.fee, 'fee')
    word(leaf.resultDigest, 'resultDigest')
    for (const digest of leaf.layerDigests ?? []) {
      if (!bytesPattern.test(digest)) throw new Error(`layer digest ${digest} is not hex bytes`)
    }
  }
  if (call.leaves.length === 1) {
    const leaf = call.leaves[0] as JobLeaf
    return { kind: 'commit', call, modelHash, payers: [leaf.requester], counts: [1] }
  }
  const counts = new Map<number, number>()
  for (const leaf of call.leaves) counts.set(leaf.requester, (counts.get(leaf.requester) ?? 0) + 1)
  return { kind: 'commit', call, modelHash, payers: [...counts.keys()], counts: [...counts.values()] }
}

/** encodeReveal's choices: the committed digest of checkpoint `layer` and its proof, if known. */
function resolveReveal(context: ResolveContext, call: Of<'reveal'>): ResolvedCall {
  uint(call.gameId, 'gameId')
  uint(call.layer, 'layer')
  const game = context.gameOf(call.gameId)
  const record = game ? context.batchOf(game.batchId) : undefined
  const digests = game ? record?.leaves[game.leafIndex]?.layerDigests : undefined
  const digest = digests?.[call.layer - 1]
  const sender = record?.host ?? 0
  if (!game || !record || !digests || digest === undefined) {
    return { kind: 'reveal', call, sender, digest: zeroWord, proofSteps: 0, proofDigests: undefined }
  }
  word(digest, 'digest')
  const proofSteps = checkpointDepth(digests.length)
  return { kind: 'reveal', call, sender, digest, proofSteps, proofDigests: digests }
}

/** locateLeaf: the committed leaf, or a placeholder (job `jobId`, zero fields, empty proof). */
function locate(context: ResolveContext, batchId: number, leafIndex: number, jobId = 0): LocatedLeaf {
  uint(batchId, 'batchId')
  const record = context.batchOf(batchId)
  const leaf = record?.leaves[leafIndex]
  if (!record || !leaf) {
    return {
      batchId,
      jobId,
      requester: 0,
      fee: 0n,
      resultDigest: zeroWord,
      layerDigests: undefined,
      known: false,
      proofSteps: 0,
    }
  }
  return {
    batchId,
    jobId: leaf.jobId,
    requester: leaf.requester,
    fee: leaf.fee,
    resultDigest: leaf.resultDigest,
    layerDigests: leaf.layerDigests,
    known: true,
    proofSteps: countProofSteps(record.leaves.length, leafIndex),
  }
}

// ethers takes only safe integers for number arguments, and none below zero for uints.
function uint(value: number, field: string, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new Error(`${field} must be an integer from 0 to ${max}, got ${value}`)
  }
}

function amount(value: Amount, field: string, limit = uint256Limit): void {
  if (typeof value !== 'bigint' || value < 0n || value >= limit) {
    throw new Error(`${field} must be a uint${limit === uint256Limit ? 256 : 128}, got ${String(value)}`)
  }
}

/** A bytes32 argument, lower-case as the chain hands it back in events and errors. */
function word(value: Hex, field: string): Hex {
  if (!wordPattern.test(value)) throw new Error(`${field} must be 32 bytes of hex, got ${value}`)
  return value.toLowerCase() as Hex
}

function describe(call: LedgerCall): string {
  return JSON.stringify(call, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  )
}
