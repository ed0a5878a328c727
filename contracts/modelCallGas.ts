import type { LedgerEvent } from '../sim/ports.ts'
import type { MemoryBatch, MemoryState } from './createMemoryState.ts'
import { modeledGas as g } from './modeledGas.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'

/**
 * The modeled gasUsed of a call the memory ledger just ran (see modeledGas.ts for the figures and
 * where they were measured): per-kind figures plus the calldata and fresh- or cleared-slot terms
 * that apply, read from the state after the call. A revert costs the kind's typical revert.
 */
export function modelCallGas(
  state: MemoryState,
  resolved: ResolvedCall,
  error: string | undefined,
  events: readonly LedgerEvent[],
): bigint {
  if (error !== undefined) return g[resolved.kind].reverted
  switch (resolved.kind) {
    case 'registerModel':
    case 'addVerifier':
    case 'removeVerifier':
    case 'withdraw':
    case 'claim':
    case 'requestEscrowWithdrawal':
    case 'withdrawEscrow':
    case 'expireDispute':
      return g[resolved.kind].ok
    case 'order':
      return g.order.ok + g.order.perHost * BigInt(resolved.call.orders.length)
    case 'stake': {
      const { host, amount } = resolved.call
      return g.stake.ok + fresh(state.bonds.get(host)?.stake === amount)
    }
    case 'deposit': {
      const { requester, amount } = resolved.call
      return g.deposit.ok + fresh(state.escrow.get(requester) === amount)
    }
    case 'requestUnstake': {
      // The first request fills two slots: the unbonding amount and its date.
      const { host, amount } = resolved.call
      return g.requestUnstake.ok + 2n * fresh(state.bonds.get(host)?.unbonding === amount)
    }
    case 'commit': {
      const batchId = state.batches.length - 1
      const payers = BigInt(resolved.payers.length - 1)
      const firstCommit = state.bonds.get(resolved.call.host)?.commits === 1
      return g.commit.ok + g.commit.perPayer * payers + fresh(firstCommit) + fresh(batchId === 0)
    }
    case 'challenge':
    case 'openGame': {
      const { leaf } = resolved
      const batch = state.batches[leaf.batchId] as MemoryBatch
      // Its flags slot (open disputes, finalized, attested) was zero iff this is its only dispute.
      const flagsWereZero = batch.openDisputes === 1 && !batch.attested
      const first = resolved.kind === 'challenge' ? state.disputes.length === 1 : state.games.length === 1
      const steps = g.perProofStep * BigInt(leaf.proofSteps)
      return g[resolved.kind].ok + steps + fresh(flagsWereZero) + fresh(first)
    }
    case 'resolve': {
      const dispute = state.disputes[resolved.call.disputeId]
      const batch = state.batches[dispute?.batchId ?? -1] as MemoryBatch
      if (!events.some((e) => e.kind === 'Slashed')) return g.resolve.reject - cleared(flagsCleared(batch))
      return (
        g.resolve.slash -
        cleared(flagsCleared(batch)) -
        cleared(batch.fees === 0n) +
        fresh(firstBurn(state, events))
      )
    }
    case 'resolveGame':
    case 'timeoutGame': {
      const game = state.games[resolved.call.gameId]
      const batch = state.batches[game?.batchId ?? -1] as MemoryBatch
      const costs = g[resolved.kind]
      if (!events.some((e) => e.kind === 'Slashed')) return costs.hostWon + fresh(firstBurn(state, events))
      return (
        costs.hostLost -
        cleared(flagsCleared(batch)) -
        cleared(batch.fees === 0n) +
        fresh(firstBurn(state, events))
      )
    }
    case 'finalize': {
      const batch = state.batches[resolved.call.batchId] as MemoryBatch
      const paid = events.some((e) => e.kind === 'Finalized' && e.paid > 0n)
      // Marking a batch final writes its flags slot, already in use when it was attested.
      return g.finalize.ok + (paid ? g.finalize.payout : 0n) - fresh(batch.attested)
    }
    case 'settleReplication': {
      let steps = 0
      for (const leaf of resolved.leaves) steps += leaf.proofSteps
      const settled = events.find((e) => e.kind === 'ReplicationSettled')
      const slashes = settled?.kind === 'ReplicationSettled' ? settled.slashed.length : 0
      const refunds =
        settled?.kind === 'ReplicationSettled' && !settled.consensus ? resolved.leaves.length : 0
      const s = g.settleReplication
      return (
        s.ok +
        s.perEntry * BigInt(resolved.leaves.length) +
        g.perProofStep * BigInt(steps) +
        s.perSlash * BigInt(slashes) +
        s.perRefund * BigInt(refunds) +
        fresh(firstBurn(state, events))
      )
    }
    case 'reveal': {
      const game = state.games[resolved.call.gameId]
      // The first reveal of a game (still in round 0) fills its `revealed` slot.
      return g.reveal.ok + g.reveal.perProofStep * BigInt(resolved.proofSteps) + fresh(game?.round === 0)
    }
    case 'respond':
      return resolved.call.agree ? g.respond.agree : g.respond.disagree
    case 'attest': {
      const batch = state.batches[resolved.call.batchId] as MemoryBatch
      return g.attest.ok + BigInt(resolved.call.gas) + fresh(batch.openDisputes === 0)
    }
  }
}

function fresh(condition: boolean): bigint {
  return condition ? g.freshSlot : 0n
}

function cleared(condition: boolean): bigint {
  return condition ? g.clearedSlot : 0n
}

/** The batch's flags slot went back to zero: its last dispute closed and it was never attested. */
function flagsCleared(batch: MemoryBatch): boolean {
  return batch.openDisputes === 0 && !batch.attested
}

/** This call burned the protocol's first tokens, turning totalBurned from zero to non-zero. */
function firstBurn(state: MemoryState, events: readonly LedgerEvent[]): boolean {
  let burned = 0n
  for (const e of events) {
    if (e.kind === 'Slashed') burned += e.burned
    else if (e.kind === 'GameResolved') burned += e.bondBurned
  }
  return burned > 0n && state.totalBurned === burned
}
