import { BaseError, ChainError } from '../../errors/index.ts'
import type { RpcClient } from './createRpcClient.ts'

/**
 * Send a batch whose every request must succeed and return the results in order. The first
 * failure is thrown, naming its method; a missing anvil_ method means the node is not anvil.
 */
export async function requireAll(
  rpc: RpcClient,
  requests: readonly { method: string; params: readonly unknown[] }[],
): Promise<unknown[]> {
  const outcomes = await rpc.batch(requests)
  return outcomes.map((outcome, i) => {
    if (outcome.ok) return outcome.result
    const method = requests[i]?.method ?? '?'
    if (method.startsWith('anvil_') && outcome.error.code === -32601) {
      throw new ChainError(`the node at ${rpc.url} is not anvil: it does not support ${method}`, {
        rpcUrl: rpc.url,
      })
    }
    throw new BaseError(`${method} failed: ${outcome.error.message}`, { cause: outcome.error })
  })
}
