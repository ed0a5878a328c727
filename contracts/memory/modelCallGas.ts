import type { LedgerEvent } from '../../sim/index.ts'
import type { AccountRole } from '../ledger/deriveAccountAddress.ts'
import type { MemoryBatch, MemoryDispute, MemoryGame, MemoryState } from './createMemoryState.ts'
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
    case 'withdrawEscrow':
      return g[resolved.kind].ok
    case 'order': {
      const extraHosts = BigInt(resolved.call.orders.length - 1)
      return g.order.ok + g.order.perHost * extraHosts + g.freshSlot * BigInt(state.ordersCreated)
    }
    case 'requestEscrowWithdrawal': {
      // Amount and date, two slots, both empty when nothing was pending.
      const fresh2 = state.escrowWithdrawals.get(resolved.call.requester)?.fresh === true
      return g.requestEscrowWithdrawal.ok + 2n * fresh(fresh2)
    }
    case 'expireDispute': {
      const dispute = state.disputes[resolved.call.disputeId]
      const empty =
        dispute !== undefined &&
        creditWasEmpty(state, 'verifier', dispute.verifier, state.params.challengeBond)
      return g.expireDispute.ok + (empty ? g.expireDispute.freshCredit : 0n)
    }
    case 'stake': {
      const { host, amount } = resolved.call
      return g.stake.ok + fresh(state.bonds.get(host)?.stake === amount)
    }
    case 'deposit': {
      const { requester, amount } = resolved.call
      return g.deposit.ok + fresh(state.escrow.get(requester) === amount)
    }
    case 'requestUnstake': {
      // The first request fills the unbonding amount's slot, and the date's slot too unless the
      // host's open cases or latest deadline (which share it) already did.
      const { host, amount } = resolved.call
      const bond = state.bonds.get(host)
      const first = bond?.unbonding === amount
      const dateSlotEmpty = first && bond?.lastDeadline === 0 && bond.openCases === 0
      return g.requestUnstake.ok + fresh(first) + fresh(dateSlotEmpty)
    }
    case 'commit': {
      const batchId = state.batches.length - 1
      const payers = BigInt(resolved.payers.length - 1)
      const bond = state.bonds.get(resolved.call.host)
      const firstCommit = bond?.commits === 1
      // The deadline shares its slot with the unbonding date and open cases: empty only if
      // neither was ever set.
      const deadlineSlotEmpty = firstCommit && bond?.availableAt === 0 && bond.openCases === 0
      return (
        g.commit.ok +
        g.commit.perPayer * payers +
        fresh(firstCommit) +
        fresh(deadlineSlotEmpty) +
        fresh(batchId === 0)
      )
    }
    case 'challenge':
    case 'openGame': {
      const { leaf } = resolved
      const batch = state.batches.open(leaf.batchId) as MemoryBatch
      // Its flags slot (open disputes, finalized, attested) was zero iff this is its only dispute.
      const flagsWereZero = batch.openDisputes === 1 && !batch.attested
      const first = resolved.kind === 'challenge' ? state.disputes.length === 1 : state.games.length === 1
      const steps = g.perProofStep * BigInt(leaf.proofSteps)
      return g[resolved.kind].ok + steps + fresh(flagsWereZero) + fresh(first)
    }
    case 'resolve': {
      const dispute = state.disputes[resolved.call.disputeId] as MemoryDispute
      const batch = state.batches.open(dispute.batchId) as MemoryBatch
      const bond = state.params.challengeBond
      const slash = events.find((e) => e.kind === 'Slashed')
      if (slash?.kind !== 'Slashed') {
        const toHost = (bond * BigInt(state.params.bondToWinnerPpm)) / PPM
        return (
          g.resolve.reject -
          cleared(flagsCleared(batch)) +
          fresh(creditWasEmpty(state, 'host', batch.host, toHost)) +
          // The forfeited bond is burned without an event that says so.
          fresh(bond > toHost && state.totalBurned === bond - toHost)
        )
      }
      return (
        g.resolve.slash -
        cleared(flagsCleared(batch)) -
        cleared(batch.fees === 0n) +
        fresh(creditWasEmpty(state, 'verifier', dispute.verifier, slash.toChallenger + bond)) +
        fresh(firstBurn(state, events))
      )
    }
    case 'resolveGame':
    case 'timeoutGame': {
      const game = state.games[resolved.call.gameId] as MemoryGame
      const batch = state.batches.open(game.batchId) as MemoryBatch
      const costs = g[resolved.kind]
      const bond = state.params.challengeBond
      const resolvedEvent = events.find((e) => e.kind === 'GameResolved')
      if (
        resolvedEvent?.kind !== 'GameResolved' ||
        (resolvedEvent.hostLost && !events.some((e) => e.kind === 'Slashed'))
      ) {
        // Voided, or lost on a leaf already slashed: the challenger gets its bond back only.
        const base = resolvedEvent ? g.timeoutGame.alreadySlashed : g.timeoutGame.voided
        return base + fresh(creditWasEmpty(state, 'verifier', game.challenger, bond))
      }
      if (!resolvedEvent.hostLost) {
        return (
          costs.hostWon +
          fresh(creditWasEmpty(state, 'host', batch.host, resolvedEvent.bondToHost)) +
          fresh(firstBurn(state, events))
        )
      }
      const slash = events.find((e) => e.kind === 'Slashed')
      const credited = (slash?.kind === 'Slashed' ? slash.toChallenger : 0n) + bond
      return (
        costs.hostLost -
        cleared(flagsCleared(batch)) -
        cleared(batch.fees === 0n) +
        fresh(creditWasEmpty(state, 'verifier', game.challenger, credited)) +
        fresh(firstBurn(state, events))
      )
    }
    case 'finalize': {
      const batch = state.batches.open(resolved.call.batchId) as MemoryBatch
      const finalized = events.find((e) => e.kind === 'Finalized')
      const paid = finalized?.kind === 'Finalized' ? finalized.paid : 0n
      // Marking a batch final writes its flags slot, already in use when it was attested.
      const payout =
        paid > 0n ? g.finalize.payout + fresh(creditWasEmpty(state, 'host', batch.host, paid)) : 0n
      const burned = events.find((e) => e.kind === 'FeesBurned')
      const burn = burned?.kind === 'FeesBurned' ? g.feeBurn + fresh(firstFeeBurn(state, burned.burned)) : 0n
      return g.finalize.ok + payout + burn - fresh(batch.attested)
    }
    case 'emit': {
      // Slots whose value the call changed (each rewrite costs more than writing a value back),
      // and credit slots it filled for the first time.
      let rewritten = 0n
      let filled = 0n
      let total = 0n
      for (const e of events) {
        if (e.kind !== 'EmissionCredited' || e.amount === 0n) continue
        rewritten += 1n
        total += e.amount
        if (creditWasEmpty(state, 'host', e.host, e.amount)) filled += 1n
      }
      if (state.emission.moved) rewritten += 1n
      if (total > 0n) rewritten += 1n
      const emptied = total > 0n && state.emission.reserve === 0n
      return (
        g.emit.ok +
        g.emit.perHost * BigInt(resolved.call.hosts.length) +
        g.emit.rewrite * rewritten +
        g.freshSlot * filled -
        cleared(emptied)
      )
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
        fresh(creditWasEmpty(state, 'referee', 0, toReferee(events))) +
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
      const batch = state.batches.open(resolved.call.batchId) as MemoryBatch
      return g.attest.ok + BigInt(resolved.call.gas) + fresh(batch.openDisputes === 0)
    }
  }
}

const PPM = 1_000_000n

/**
 * The call just credited `amount` to an account whose credit slot was empty (never credited, or
 * claimed since): its credit now equals exactly that amount.
 */
function creditWasEmpty(state: MemoryState, role: AccountRole, index: number, amount: bigint): boolean {
  return amount > 0n && state.credits[role].get(index) === amount
}

/** What a replication settlement credited the referee: the challenger's share of its slashes. */
function toReferee(events: readonly LedgerEvent[]): bigint {
  let total = 0n
  for (const e of events) if (e.kind === 'Slashed') total += e.toChallenger
  return total
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

/** A finalize's fee burn turned totalBurned from zero to non-zero. */
function firstFeeBurn(state: MemoryState, burned: bigint): boolean {
  return burned > 0n && state.totalBurned === burned
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
