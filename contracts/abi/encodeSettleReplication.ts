import type { Hex, LedgerCall } from '../../sim/index.ts'
import { callGas } from './callGas.ts'
import { encodeFunctionCall } from './encodeFunctionCall.ts'
import type { EncodeContext, EncodedTx } from './encodeLedgerCall.ts'
import { locateLeaf } from './locateLeaf.ts'

/** The referee's replication verdict: every entry's leaf and batch proof, and the majority flags. */
export function encodeSettleReplication(
  context: EncodeContext,
  call: Extract<LedgerCall, { kind: 'settleReplication' }>,
): EncodedTx {
  const entries = call.entries.map((entry) => ({
    batchId: entry.batchId,
    ...locateLeaf(context, entry.batchId, entry.leafIndex, call.jobId),
  }))
  const proofSteps = entries.reduce((sum, entry) => sum + entry.proof.length, 0)
  return {
    from: context.accounts.addressOf('referee', 0),
    to: context.protocol,
    data: encodeFunctionCall(context.iface, 'settleReplication', [
      call.jobId,
      entries,
      call.inMajority,
    ]) as Hex,
    value: 0n,
    gas: callGas.base + callGas.perEntry * BigInt(entries.length) + callGas.perProofStep * BigInt(proofSteps),
  }
}
