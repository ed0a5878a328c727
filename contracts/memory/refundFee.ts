import type { Amount } from '../../sim/index.ts'
import type { MemoryBatch, MemoryState } from './createMemoryState.ts'

/**
 * Protocol.sol's `_refund`: a faulty or unsettled job's fee goes back to its payer's escrow,
 * capped at what the batch still holds (a forged leaf fee must not freeze the batch).
 */
export function refundFee(state: MemoryState, batch: MemoryBatch, requester: number, fee: Amount): Amount {
  const refunded = fee < batch.fees ? fee : batch.fees
  batch.fees -= refunded
  state.escrow.set(requester, (state.escrow.get(requester) ?? 0n) + refunded)
  return refunded
}
