import { type AnvilLedger, createAnvilLedger } from './createAnvilLedger.ts'
import { createRpcClient } from './createRpcClient.ts'
import { startAnvil } from './startAnvil.ts'

export type OpenAnvilLedgerOptions = {
  /** An existing node to use instead of starting anvil (it must support anvil_ methods). */
  rpcUrl?: string
  /** Genesis timestamp of the anvil started here; ignored with rpcUrl. */
  timestamp?: number
}

/**
 * A ledger on a fresh private anvil, or on the node at `rpcUrl`. Closing the ledger stops the
 * anvil it started (never a node it was pointed at).
 */
export async function openAnvilLedger(options: OpenAnvilLedgerOptions = {}): Promise<AnvilLedger> {
  if (options.rpcUrl) return createAnvilLedger(createRpcClient(options.rpcUrl))
  const anvil = await startAnvil(options.timestamp === undefined ? {} : { timestamp: options.timestamp })
  return createAnvilLedger(createRpcClient(anvil.rpcUrl), { onClose: anvil.stop })
}
