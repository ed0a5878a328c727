import type { Amount, LedgerEvent } from '../../sim/index.ts'
import { formatRevert } from '../abi/formatRevert.ts'
import { createCommittedEvent } from './createCommittedEvent.ts'
import { type MemoryOrder, type MemoryState, orderKey } from './createMemoryState.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'

type BatchCall = Extract<ResolvedCall, { kind: 'commit' | 'finalize' | 'attest' }>

/**
 * Commitments against orders, finality (credited, not sent) and modeled attestations, as Protocol.sol runs them: checks first, in
 * the contract's order, then effects. Returns the revert reason, or undefined after pushing
 * the events. The attestation's gas burn has no effect but gas, which is modeled elsewhere.
 */
export function executeBatchCall(
  state: MemoryState,
  resolved: BatchCall,
  events: LedgerEvent[],
): string | undefined {
  const { accounts, block, params } = state
  switch (resolved.kind) {
    case 'commit': {
      const { host, leaves } = resolved.call
      const { modelHash, payers, counts } = resolved
      if (!state.models.has(modelHash)) return formatRevert('UnknownModel', modelHash)
      if (leaves.length === 0) return 'EmptyBatch()'
      const bond = state.bondOf(host)
      const active = bond.stake - bond.unbonding
      if (active < params.minStake) return formatRevert('InsufficientStake', active, params.minStake)
      if (bond.lastCommitBlockPlusOne === block.number + 1) {
        return formatRevert('AlreadyCommittedThisBlock', accounts.addressOf('host', host), block.number)
      }
      // Payers are distinct (one count per requester), so checking all before debiting any is
      // the contract's check-as-you-go loop without the rollback. The counts add up to the
      // leaves by construction, so JobCountMismatch cannot happen.
      const amounts: Amount[] = []
      for (let i = 0; i < payers.length; i++) {
        const payer = payers[i] as number
        const count = counts[i] as number
        const order = state.orders.get(orderKey(payer, host))
        const ordered = order?.jobs ?? 0
        if (ordered < count) {
          return formatRevert(
            'NotOrdered',
            accounts.addressOf('requester', payer),
            accounts.addressOf('host', host),
            ordered,
            count,
          )
        }
        const available = state.escrow.get(payer) ?? 0n
        const required = BigInt(count) * (order?.fee ?? 0n)
        amounts.push(required)
        if (available < required) {
          return formatRevert(
            'InsufficientEscrow',
            accounts.addressOf('requester', payer),
            available,
            required,
          )
        }
      }
      bond.lastCommitBlockPlusOne = block.number + 1
      bond.commits += 1
      let feeTotal = 0n
      for (let i = 0; i < payers.length; i++) {
        const payer = payers[i] as number
        const required = amounts[i] as Amount
        const order = state.orders.get(orderKey(payer, host)) as MemoryOrder
        order.jobs -= counts[i] as number
        state.escrow.set(payer, (state.escrow.get(payer) ?? 0n) - required)
        feeTotal += required
      }
      const deadline = block.timestamp + params.challengeWindow
      bond.lastDeadline = deadline
      const batchId = state.batches.push({
        host,
        deadline,
        jobCount: leaves.length,
        openDisputes: 0,
        finalized: false,
        attested: false,
        modelHash,
        leaves,
        fees: feeTotal,
        leafState: undefined,
      })
      events.push(createCommittedEvent(accounts, batchId, host, leaves, feeTotal))
      return undefined
    }
    case 'finalize': {
      const { batchId } = resolved.call
      const batch = state.batches.get(batchId)
      if (!batch) return formatRevert('UnknownBatch', batchId)
      if (batch.finalized) return formatRevert('BatchAlreadyFinalized', batchId)
      if (block.timestamp < batch.deadline)
        return formatRevert('ChallengeWindowOpen', batchId, batch.deadline)
      if (batch.openDisputes !== 0) return formatRevert('OpenDisputes', batchId, batch.openDisputes)
      if (params.requireAttestation && !batch.attested) return formatRevert('NotAttested', batchId)
      batch.finalized = true
      let paid = batch.fees
      batch.fees = 0n
      if (params.emission.burnPpm !== 0) {
        const burned = (paid * BigInt(params.emission.burnPpm)) / 1_000_000n
        paid -= burned
        state.totalBurned += burned
        events.push({ kind: 'FeesBurned', batchId, burned })
      }
      events.push({ kind: 'Finalized', batchId, host: batch.host, paid })
      state.addCredit('host', batch.host, paid)
      return undefined
    }
    case 'attest': {
      const { host, batchId, gas } = resolved.call
      const batch = state.batches.get(batchId)
      if (!batch) return formatRevert('UnknownBatch', batchId)
      if (host !== batch.host) return formatRevert('NotBatchHost', accounts.addressOf('host', host))
      if (batch.finalized) return formatRevert('BatchAlreadyFinalized', batchId)
      if (batch.attested) return formatRevert('AlreadyAttested', batchId)
      batch.attested = true
      events.push({ kind: 'Attested', batchId, gas })
      return undefined
    }
  }
}
