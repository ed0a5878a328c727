import type { LedgerEvent } from '../../sim/index.ts'
import { formatRevert } from '../abi/formatRevert.ts'
import { computeLeafHash } from '../merkle/computeLeafHash.ts'
import { checkLeaf } from './checkLeaf.ts'
import { LEAF_SETTLED, type MemoryBatch, type MemoryState } from './createMemoryState.ts'
import { markLeaf } from './markLeaf.ts'
import { refundFee } from './refundFee.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'
import { slashHost } from './slashHost.ts'

type Settle = Extract<ResolvedCall, { kind: 'settleReplication' }>

/**
 * Protocol.sol's settleReplication. The contract checks each entry as it settles it and reverts
 * the whole call on any bad one; here every entry is checked first, then all are settled. The
 * checks of entry i depend on earlier entries only through the leaves they touched and the hosts
 * they named, which the first pass tracks, so the first failing check is the chain's.
 */
export function executeSettleReplication(
  state: MemoryState,
  { call, leaves }: Settle,
  events: LedgerEvent[],
): string | undefined {
  const { jobId, inMajority } = call
  const count = leaves.length
  if (count === 0) return 'NoEntries()'
  if (inMajority.length !== count) return formatRevert('LengthMismatch', count, inMajority.length)
  let agreeing = 0
  for (const agrees of inMajority) if (agrees) agreeing++
  const consensus = agreeing * 2 > count

  const batches: MemoryBatch[] = []
  for (let i = 0; i < count; i++) {
    const leaf = leaves[i] as Settle['leaves'][number]
    if (leaf.jobId !== jobId) return formatRevert('WrongJob', i, leaf.jobId)
    const reason = checkLeaf(state, leaf)
    if (reason !== undefined) return reason
    // A leaf an earlier entry of this call touched counts as touched.
    for (let j = 0; j < i; j++) {
      const earlier = leaves[j] as Settle['leaves'][number]
      if (earlier.batchId === leaf.batchId && earlier.key === leaf.key) {
        return formatRevert('LeafAlreadyTouched', leaf.batchId, computeLeafHash(state.accounts, leaf))
      }
    }
    const batch = state.batches.open(leaf.batchId) as MemoryBatch
    for (let j = 0; j < i; j++) {
      if ((batches[j] as MemoryBatch).host === batch.host) {
        return formatRevert('DuplicateHost', state.accounts.addressOf('host', batch.host))
      }
    }
    batches.push(batch)
  }

  const slashed: number[] = []
  let refunded = 0n
  let toReferee = 0n
  for (let i = 0; i < count; i++) {
    const leaf = leaves[i] as Settle['leaves'][number]
    const batch = batches[i] as MemoryBatch
    markLeaf(batch, leaf.key as string, LEAF_SETTLED)
    if (consensus && !inMajority[i]) {
      const slash = slashHost(state, batch, leaf.requester, leaf.fee, { vote: jobId }, events)
      toReferee += slash.toChallenger
      refunded += slash.refunded
      slashed.push(batch.host)
    } else if (!consensus) {
      refunded += refundFee(state, batch, leaf.requester, leaf.fee)
    }
  }
  events.push({ kind: 'ReplicationSettled', jobId, consensus, slashed, refunded })
  // The referee did the comparing and takes the challenger's share.
  state.addCredit('referee', 0, toReferee)
  return undefined
}
