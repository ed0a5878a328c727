import { ChainError } from '../../errors/index.ts'
import type { LedgerPort } from '../../sim/index.ts'
import { createAnvilLedger } from '../anvil/createAnvilLedger.ts'
import { createRpcClient } from '../anvil/createRpcClient.ts'
import { startAnvil } from '../anvil/startAnvil.ts'
import { createMemoryLedger } from '../memory/createMemoryLedger.ts'

/** Which ledger adapter a run settles on. */
export type LedgerChoice =
  /** A fresh private anvil started here (the default), or the node at `rpcUrl`. */
  | { kind: 'anvil'; rpcUrl?: string; anvilBinary?: string }
  /** The in-process model of the same contracts: no chain, gas modeled from anvil measurements. */
  | { kind: 'memory' }

/**
 * Open the chosen ledger with its clock at `startAt`: a fresh anvil starts there, the memory
 * ledger too, and a node at `rpcUrl` has its timestamps shifted so the run sees the same times.
 * Closing the ledger stops the anvil it started, never a node it was pointed at.
 */
export async function openLedger(choice: LedgerChoice, startAt: number): Promise<LedgerPort> {
  if (choice.kind === 'memory') return createMemoryLedger({ timestamp: startAt })
  if (choice.rpcUrl) return createAnvilLedger(createRpcClient(choice.rpcUrl), { startAt })
  const anvil = await startAnvil({
    timestamp: startAt,
    ...(choice.anvilBinary ? { binaryPath: choice.anvilBinary } : {}),
  })
  // The user gave no node: if this one stops answering, say that verisim's own chain died (and
  // why, when its exit is seen), never that they should change an --rpc-url they did not give.
  const rpc = createRpcClient(anvil.rpcUrl, {
    unreachable: async (reason) => {
      const death = await anvil.death(2000)
      return new ChainError(`the embedded chain (anvil) died during the run: ${death ?? reason}`, {
        rpcUrl: anvil.rpcUrl,
        hint: 'run again; if it keeps dying (memory?), use --ledger memory, which needs no chain',
      })
    },
  })
  return createAnvilLedger(rpc, { onClose: anvil.stop })
}
