import type { Amount, LedgerEvent, SlashCause } from '../../sim/index.ts'
import type { MemoryBatch, MemoryState } from './createMemoryState.ts'
import { refundFee } from './refundFee.ts'

const PPM = 1_000_000n

/**
 * Protocol.sol's `_slash`: the batch's host loses slashFraction of its bond (unbonding part
 * included), the challenger's share is returned for the caller to pay, the rest is burned, and
 * the job's fee is refunded. Integer division truncates, as in Solidity. Emits Slashed.
 */
export function slashHost(
  state: MemoryState,
  batch: MemoryBatch,
  requester: number,
  fee: Amount,
  cause: SlashCause,
  events: LedgerEvent[],
): { toChallenger: Amount; refunded: Amount } {
  const { params } = state
  const bond = state.bondOf(batch.host)
  const amount = (bond.stake * BigInt(params.slashFractionPpm)) / PPM
  const toChallenger = (amount * BigInt(params.challengerSharePpm)) / PPM
  const burned = amount - toChallenger
  bond.stake -= amount
  // The unbonding part is slashable too: it never exceeds what is left bonded.
  if (bond.unbonding > bond.stake) bond.unbonding = bond.stake
  state.totalBurned += burned
  const refunded = refundFee(state, batch, requester, fee)
  events.push({ kind: 'Slashed', cause, host: batch.host, amount, toChallenger, burned, refunded })
  return { toChallenger, refunded }
}
