import type { LedgerEvent } from '../../sim/index.ts'
import type { MemoryState } from './createMemoryState.ts'
import { executeAccountCall } from './executeAccountCall.ts'
import { executeBatchCall } from './executeBatchCall.ts'
import { executeDisputeCall } from './executeDisputeCall.ts'
import { executeEmitCall } from './executeEmitCall.ts'
import { executeGameCall } from './executeGameCall.ts'
import { executeSettleReplication } from './executeSettleReplication.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'

/**
 * Run one resolved call against the in-memory protocol in the block `state.block`. Returns the
 * revert reason (nothing changed), or undefined after the effects and the pushed events.
 */
export function executeMemoryCall(
  state: MemoryState,
  resolved: ResolvedCall,
  events: LedgerEvent[],
): string | undefined {
  switch (resolved.kind) {
    case 'registerModel':
    case 'addVerifier':
    case 'removeVerifier':
    case 'order':
    case 'claim':
    case 'requestEscrowWithdrawal':
    case 'withdrawEscrow':
    case 'stake':
    case 'deposit':
    case 'requestUnstake':
    case 'withdraw':
      return executeAccountCall(state, resolved, events)
    case 'commit':
    case 'finalize':
    case 'attest':
      return executeBatchCall(state, resolved, events)
    case 'challenge':
    case 'resolve':
    case 'expireDispute':
      return executeDisputeCall(state, resolved, events)
    case 'openGame':
    case 'reveal':
    case 'respond':
    case 'resolveGame':
    case 'timeoutGame':
      return executeGameCall(state, resolved, events)
    case 'settleReplication':
      return executeSettleReplication(state, resolved, events)
    case 'emit':
      return executeEmitCall(state, resolved, events)
  }
}
