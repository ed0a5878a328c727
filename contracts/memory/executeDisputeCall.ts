import type { LedgerEvent } from '../../sim/index.ts'
import { formatRevert } from '../abi/formatRevert.ts'
import { checkLeaf } from './checkLeaf.ts'
import { closeCase } from './closeCase.ts'
import {
  LEAF_DISPUTED,
  LEAF_SETTLED,
  LEAF_SLASHED,
  LEAF_UNTOUCHED,
  type MemoryDispute,
  type MemoryState,
} from './createMemoryState.ts'
import { forfeitBond } from './forfeitBond.ts'
import { markLeaf } from './markLeaf.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'
import { sameWord } from './sameWord.ts'
import { slashHost } from './slashHost.ts'

type DisputeCall = Extract<ResolvedCall, { kind: 'challenge' | 'resolve' | 'expireDispute' }>

/**
 * Sampling disputes, as Protocol.sol runs them: a verifier's bonded challenge of one committed
 * leaf; the referee's resolution before its deadline, which slashes iff its digest differs from
 * the commitment (a wrong challenge forfeits its bond); and anyone's expiry of a dispute the
 * referee left past its deadline (bond back, leaf open again). Payouts are credits. Returns the
 * revert reason, or undefined after pushing the events.
 */
export function executeDisputeCall(
  state: MemoryState,
  resolved: DisputeCall,
  events: LedgerEvent[],
): string | undefined {
  const bond = state.params.challengeBond
  switch (resolved.kind) {
    case 'challenge': {
      const { verifier, leafIndex, claimedDigest } = resolved.call
      const { leaf } = resolved
      if (!state.verifiers.has(verifier)) {
        return formatRevert('NotVerifier', state.accounts.addressOf('verifier', verifier))
      }
      // WrongBond cannot happen: the adapter sends exactly the bond.
      if (sameWord(claimedDigest, leaf.resultDigest)) return 'ClaimMatchesCommitment()'
      const reason = checkLeaf(state, leaf)
      if (reason !== undefined) return reason
      const batch = state.batches.open(leaf.batchId)
      if (!batch || leaf.key === undefined) throw new Error('checkLeaf passed a leaf it did not find')
      markLeaf(batch, leaf.key, LEAF_DISPUTED)
      batch.openDisputes += 1
      state.bondOf(batch.host).openCases += 1
      const disputeId = state.disputes.length
      state.disputes.push({
        verifier,
        batchId: leaf.batchId,
        open: true,
        requester: leaf.requester,
        fee: leaf.fee,
        resultDigest: leaf.resultDigest,
        leaf: leaf.key,
        openedAt: state.block.timestamp,
      })
      state.addToWallet('verifier', verifier, -bond)
      events.push({ kind: 'DisputeOpened', disputeId, batchId: leaf.batchId, leafIndex, verifier })
      return undefined
    }
    case 'resolve': {
      const { disputeId, refereeDigest } = resolved.call
      const found = openDispute(state, disputeId)
      if (typeof found === 'string') return found
      const deadline = found.openedAt + state.params.refereeTimeout
      if (state.block.timestamp >= deadline) return formatRevert('RefereeTimedOut', disputeId, deadline)
      found.open = false
      const batch = state.batches.open(found.batchId)
      if (!batch) throw new Error(`dispute ${disputeId} names no batch`)
      closeCase(state, batch)
      const leafState = batch.leafState?.get(found.leaf) ?? LEAF_UNTOUCHED
      if (sameWord(refereeDigest, found.resultDigest)) {
        // A game may have slashed the leaf meanwhile; a rejection must not unmark that.
        if (leafState === LEAF_DISPUTED) markLeaf(batch, found.leaf, LEAF_SETTLED)
        events.push({ kind: 'DisputeRejected', disputeId })
        forfeitBond(state, batch.host, bond)
        return undefined
      }
      let toChallenger = 0n
      const cause = { dispute: disputeId }
      if (leafState === LEAF_SLASHED) {
        // A game slashed this fault already: one fault, one slash.
        events.push({
          kind: 'Slashed',
          cause,
          host: batch.host,
          amount: 0n,
          toChallenger: 0n,
          burned: 0n,
          refunded: 0n,
        })
      } else {
        markLeaf(batch, found.leaf, LEAF_SLASHED)
        toChallenger = slashHost(state, batch, found.requester, found.fee, cause, events).toChallenger
      }
      state.addCredit('verifier', found.verifier, toChallenger + bond)
      return undefined
    }
    case 'expireDispute': {
      const { disputeId } = resolved.call
      const found = openDispute(state, disputeId)
      if (typeof found === 'string') return found
      const deadline = found.openedAt + state.params.refereeTimeout
      if (state.block.timestamp < deadline) return formatRevert('RefereeTimeNotOver', disputeId, deadline)
      found.open = false
      const batch = state.batches.open(found.batchId)
      if (!batch) throw new Error(`dispute ${disputeId} names no batch`)
      closeCase(state, batch)
      if (batch.leafState?.get(found.leaf) === LEAF_DISPUTED) markLeaf(batch, found.leaf, LEAF_UNTOUCHED)
      state.addCredit('verifier', found.verifier, bond)
      events.push({ kind: 'DisputeExpired', disputeId })
      return undefined
    }
  }
}

/** Protocol.sol's `_openDispute`: the dispute, or the revert reason when it is unknown or closed. */
function openDispute(state: MemoryState, disputeId: number): MemoryDispute | string {
  const dispute = state.disputes[disputeId]
  if (!dispute) return formatRevert('UnknownDispute', disputeId)
  if (!dispute.open) return formatRevert('DisputeClosed', disputeId)
  return dispute
}
