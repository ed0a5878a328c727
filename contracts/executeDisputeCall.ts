import type { LedgerEvent } from '../sim/ports.ts'
import { checkLeaf } from './checkLeaf.ts'
import { LEAF_DISPUTED, LEAF_SLASHED, type MemoryState } from './createMemoryState.ts'
import { formatRevert } from './formatRevert.ts'
import { markLeaf } from './markLeaf.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'
import { sameWord } from './sameWord.ts'
import { slashHost } from './slashHost.ts'

type DisputeCall = Extract<ResolvedCall, { kind: 'challenge' | 'resolve' }>

/**
 * Sampling disputes, as Protocol.sol runs them: a verifier's challenge of one committed leaf,
 * and the referee's resolution, which slashes iff its digest differs from the commitment.
 * Returns the revert reason, or undefined after pushing the events.
 */
export function executeDisputeCall(
  state: MemoryState,
  resolved: DisputeCall,
  events: LedgerEvent[],
): string | undefined {
  switch (resolved.kind) {
    case 'challenge': {
      const { verifier, leafIndex, claimedDigest } = resolved.call
      const { leaf } = resolved
      if (!state.verifiers.has(verifier)) {
        return formatRevert('NotVerifier', state.accounts.addressOf('verifier', verifier))
      }
      if (sameWord(claimedDigest, leaf.resultDigest)) return 'ClaimMatchesCommitment()'
      const reason = checkLeaf(state, leaf)
      if (reason !== undefined) return reason
      const batch = state.batches[leaf.batchId]
      if (!batch || leaf.key === undefined) throw new Error('checkLeaf passed a leaf it did not find')
      markLeaf(batch, leaf.key, LEAF_DISPUTED)
      batch.openDisputes += 1
      const disputeId = state.disputes.length
      state.disputes.push({
        verifier,
        batchId: leaf.batchId,
        open: true,
        requester: leaf.requester,
        fee: leaf.fee,
        resultDigest: leaf.resultDigest,
        leaf: leaf.key,
      })
      events.push({ kind: 'DisputeOpened', disputeId, batchId: leaf.batchId, leafIndex, verifier })
      return undefined
    }
    case 'resolve': {
      const { disputeId, refereeDigest } = resolved.call
      const dispute = state.disputes[disputeId]
      if (!dispute) return formatRevert('UnknownDispute', disputeId)
      if (!dispute.open) return formatRevert('DisputeClosed', disputeId)
      dispute.open = false
      const batch = state.batches[dispute.batchId]
      if (!batch) throw new Error(`dispute ${disputeId} names no batch`)
      batch.openDisputes -= 1
      if (sameWord(refereeDigest, dispute.resultDigest)) {
        events.push({ kind: 'DisputeRejected', disputeId })
        return undefined
      }
      markLeaf(batch, dispute.leaf, LEAF_SLASHED)
      const cause = { dispute: disputeId }
      const { toChallenger } = slashHost(state, batch, dispute.requester, dispute.fee, cause, events)
      state.credit('verifier', dispute.verifier, toChallenger)
      return undefined
    }
  }
}
