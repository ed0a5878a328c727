import type { LedgerEvent } from '../../sim/index.ts'
import { formatRevert } from '../abi/formatRevert.ts'
import { type MemoryState, orderKey } from './createMemoryState.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'

type AccountCall = Extract<
  ResolvedCall,
  {
    kind:
      | 'registerModel'
      | 'addVerifier'
      | 'removeVerifier'
      | 'stake'
      | 'deposit'
      | 'requestUnstake'
      | 'withdraw'
      | 'order'
      | 'claim'
      | 'requestEscrowWithdrawal'
      | 'withdrawEscrow'
  }
>

/**
 * Administration, stakes, escrow, orders and claims, as Protocol.sol runs them: every check first and in the
 * contract's order, then the effects, so a revert leaves no trace. Returns the revert reason,
 * or undefined after pushing the events the port lists (VerifierAdded is not one of them). A
 * call's value leaves the sender's wallet only when it succeeds. The owner sends the
 * administration calls, so onlyOwner always passes.
 */
export function executeAccountCall(
  state: MemoryState,
  resolved: AccountCall,
  events: LedgerEvent[],
): string | undefined {
  const { accounts, block } = state
  switch (resolved.kind) {
    case 'registerModel': {
      const { modelHash } = resolved
      if (state.models.has(modelHash)) return formatRevert('ModelAlreadyRegistered', modelHash)
      state.models.set(modelHash, { flops: resolved.call.flops, layers: resolved.call.layers })
      events.push({ kind: 'ModelRegistered', modelHash })
      return undefined
    }
    case 'addVerifier': {
      const { verifier } = resolved.call
      if (state.verifiers.has(verifier)) {
        return formatRevert('VerifierAlreadyAdded', accounts.addressOf('verifier', verifier))
      }
      state.verifiers.add(verifier)
      return undefined
    }
    case 'removeVerifier': {
      const { verifier } = resolved.call
      if (!state.verifiers.has(verifier)) {
        return formatRevert('UnknownVerifier', accounts.addressOf('verifier', verifier))
      }
      state.verifiers.delete(verifier)
      events.push({ kind: 'VerifierRemoved', verifier })
      return undefined
    }
    case 'order': {
      const { requester, fee, orders } = resolved.call
      if (fee === 0n || orders.length === 0) return 'ZeroAmount()'
      // Every entry carries the same fee, so only an order left from an earlier call can clash.
      for (const { host, jobs } of orders) {
        if (jobs === 0) return 'ZeroAmount()'
        const current = state.orders.get(orderKey(requester, host))
        if (current && current.jobs !== 0 && current.fee !== fee) {
          return formatRevert('OrderFeeMismatch', accounts.addressOf('host', host), current.fee, fee)
        }
      }
      let total = 0
      state.ordersCreated = 0
      for (const { host, jobs } of orders) {
        const key = orderKey(requester, host)
        const current = state.orders.get(key)
        if (current) {
          current.fee = fee
          current.jobs += jobs
        } else {
          state.orders.set(key, { fee, jobs })
          state.ordersCreated += 1
        }
        total += jobs
      }
      events.push({ kind: 'Ordered', requester, hosts: orders.length, jobs: total, fee })
      return undefined
    }
    case 'claim': {
      const { role, index } = resolved.call.account
      const amount = state.credits[role].get(index) ?? 0n
      if (amount === 0n) return 'NothingToClaim()'
      state.credits[role].set(index, 0n)
      events.push({ kind: 'Claimed', account: resolved.call.account, amount })
      state.addToWallet(role, index, amount)
      return undefined
    }
    case 'requestEscrowWithdrawal': {
      const { requester, amount } = resolved.call
      if (amount === 0n) return 'ZeroAmount()'
      const available = state.escrow.get(requester) ?? 0n
      if (amount > available) {
        return formatRevert(
          'InsufficientEscrow',
          accounts.addressOf('requester', requester),
          available,
          amount,
        )
      }
      const availableAt = block.timestamp + state.params.unbondingDelay
      const fresh = !state.escrowWithdrawals.has(requester)
      state.escrowWithdrawals.set(requester, { amount, availableAt, fresh })
      events.push({ kind: 'EscrowWithdrawalRequested', requester, amount, availableAt })
      return undefined
    }
    case 'withdrawEscrow': {
      const { requester } = resolved.call
      const request = state.escrowWithdrawals.get(requester)
      if (!request || request.amount === 0n) return 'NothingToWithdraw()'
      if (block.timestamp < request.availableAt) return formatRevert('UnbondingNotOver', request.availableAt)
      const available = state.escrow.get(requester) ?? 0n
      const amount = request.amount < available ? request.amount : available
      state.escrowWithdrawals.delete(requester)
      state.escrow.set(requester, available - amount)
      events.push({ kind: 'EscrowWithdrawn', requester, amount })
      state.addToWallet('requester', requester, amount)
      return undefined
    }
    case 'stake': {
      const { host, amount } = resolved.call
      if (amount === 0n) return 'ZeroAmount()'
      state.bondOf(host).stake += amount
      state.addToWallet('host', host, -amount)
      events.push({ kind: 'Staked', host, amount })
      return undefined
    }
    case 'deposit': {
      const { requester, amount } = resolved.call
      if (amount === 0n) return 'ZeroAmount()'
      state.escrow.set(requester, (state.escrow.get(requester) ?? 0n) + amount)
      state.addToWallet('requester', requester, -amount)
      events.push({ kind: 'Deposited', requester, amount })
      return undefined
    }
    case 'requestUnstake': {
      const { host, amount } = resolved.call
      if (amount === 0n) return 'ZeroAmount()'
      const bond = state.bondOf(host)
      const active = bond.stake - bond.unbonding
      if (amount > active) return formatRevert('InsufficientStake', active, amount)
      bond.unbonding += amount
      // A second request restarts the delay, so it always covers the latest commits.
      bond.availableAt = block.timestamp + state.params.unbondingDelay
      events.push({ kind: 'UnstakeRequested', host, amount, availableAt: bond.availableAt })
      return undefined
    }
    case 'withdraw': {
      const { host } = resolved.call
      const bond = state.bondOf(host)
      if (bond.unbonding === 0n) return 'NothingToWithdraw()'
      if (block.timestamp < bond.availableAt) return formatRevert('UnbondingNotOver', bond.availableAt)
      if (bond.openCases !== 0) {
        return formatRevert('OpenCases', accounts.addressOf('host', host), bond.openCases)
      }
      if (block.timestamp < bond.lastDeadline) return formatRevert('CommitmentsOpen', bond.lastDeadline)
      const amount = bond.unbonding
      bond.stake -= amount
      bond.unbonding = 0n
      bond.availableAt = 0
      events.push({ kind: 'Withdrawn', host, amount })
      state.addToWallet('host', host, amount)
      return undefined
    }
  }
}
