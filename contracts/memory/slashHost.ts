import type { Amount, LedgerEvent, ProtocolParams, SlashCause } from '../../sim/index.ts'
import type { MemoryBatch, MemoryState } from './createMemoryState.ts'
import { refundFee } from './refundFee.ts'

const PPM = 1_000_000n
const uint256Max = 2n ** 256n - 1n

/**
 * Protocol.sol's `_slash`: the batch's host loses what the slash rule takes (`slashAmountOf`) of
 * its bond (unbonding part included), the challenger's share is returned for the caller to pay,
 * the rest is burned, and the job's fee is refunded. Integer division truncates, as in Solidity.
 * Emits Slashed.
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
  const amount = slashAmountOf(params, bond.stake, fee)
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

/** Protocol.sol's `slashOf`, to the wei: the slash rule's amount for one fault, capped at `stake`. */
function slashAmountOf(params: ProtocolParams, stake: Amount, fee: Amount): Amount {
  const { slash } = params
  let amount: Amount
  if (slash.rule === 'fixed') amount = slash.amount
  else if (slash.rule === 'valueScaled') {
    const scale = BigInt(slash.scalePpm)
    const probability =
      slash.alwaysCheckAbove !== null && fee >= slash.alwaysCheckAbove
        ? PPM
        : BigInt(slash.checkProbabilityPpm)
    // The contract's guard against an overflowing product of a forged fee.
    amount = scale !== 0n && fee > uint256Max / scale ? stake : (fee * scale) / probability
  } else amount = (stake * BigInt(params.slashFractionPpm)) / PPM
  return amount > stake ? stake : amount
}
