import type { Interface } from 'ethers'
import { decodeRevertReason } from '../abi/decodeRevertReason.ts'
import type { RpcClient } from './createRpcClient.ts'

type CallFrame = { output?: string; error?: string; revertReason?: string }

/**
 * Why each of these mined transactions reverted. The node replays them with the call tracer,
 * which sees the state the transaction really ran on (earlier transactions of the same block
 * included); an eth_call on the parent block would not. Only reverted transactions are traced,
 * all in one batch, so the cost is paid only when something fails.
 */
export async function fetchRevertReasons(
  rpc: RpcClient,
  iface: Interface,
  hashes: readonly string[],
): Promise<string[]> {
  if (hashes.length === 0) return []
  const outcomes = await rpc.batch(
    hashes.map((hash) => ({
      method: 'debug_traceTransaction',
      params: [hash, { tracer: 'callTracer', tracerConfig: { onlyTopCall: true } }],
    })),
  )
  return outcomes.map((outcome) => {
    if (!outcome.ok) return 'reverted'
    const frame = outcome.result as CallFrame
    const reason = decodeRevertReason(iface, frame.output)
    // Out-of-gas and similar leave no revert data; the tracer's own error says what happened.
    return reason === 'reverted' && frame.error ? frame.error : reason
  })
}
