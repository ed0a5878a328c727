import type { Amount } from '../../sim/index.ts'
import type { MemoryState } from './createMemoryState.ts'

const PPM = 1_000_000n

/**
 * Protocol.sol's `_forfeitBond`: a challenger lost, so bondToWinnerPpm of its bond is credited to
 * the host it accused and the rest is burned. Integer division truncates, as in Solidity.
 */
export function forfeitBond(
  state: MemoryState,
  host: number,
  bond: Amount,
): { toHost: Amount; burned: Amount } {
  const toHost = (bond * BigInt(state.params.bondToWinnerPpm)) / PPM
  const burned = bond - toHost
  state.totalBurned += burned
  state.addCredit('host', host, toHost)
  return { toHost, burned }
}
