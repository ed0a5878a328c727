import type { LedgerEvent } from '../sim/ports.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'

export function modelCallGas(
  _resolved: ResolvedCall,
  _error: string | undefined,
  _events: readonly LedgerEvent[],
): bigint {
  return 0n
}
