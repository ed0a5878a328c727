import type { LedgerEvent } from '../sim/ports.ts'
import type { MemoryState } from './createMemoryState.ts'
import { formatRevert } from './formatRevert.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'

type AccountCall = Extract<
  ResolvedCall,
  { kind: 'registerModel' | 'addVerifier' | 'stake' | 'deposit' | 'requestUnstake' | 'withdraw' }
>

/**
 * Administration, stakes and escrow, as Protocol.sol runs them: every check first and in the
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
    case 'stake': {
      const { host, amount } = resolved.call
      if (amount === 0n) return 'ZeroAmount()'
      state.bondOf(host).stake += amount
      state.credit('host', host, -amount)
      events.push({ kind: 'Staked', host, amount })
      return undefined
    }
    case 'deposit': {
      const { requester, amount } = resolved.call
      if (amount === 0n) return 'ZeroAmount()'
      state.escrow.set(requester, (state.escrow.get(requester) ?? 0n) + amount)
      state.credit('requester', requester, -amount)
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
      const amount = bond.unbonding
      bond.stake -= amount
      bond.unbonding = 0n
      bond.availableAt = 0
      events.push({ kind: 'Withdrawn', host, amount })
      state.credit('host', host, amount)
      return undefined
    }
  }
}
