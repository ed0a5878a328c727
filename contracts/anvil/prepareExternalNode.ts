import { ChainError, InputError } from '../../errors/index.ts'
import type { RpcClient } from './createRpcClient.ts'

/**
 * Make a node someone else started behave like the embedded anvil (verisim's own flags there):
 * no automining, so the sim decides what goes into each block; a zero base fee, because calls are
 * sent with gas price 0; and no block gas limit worth hitting, since one block may hold hundreds
 * of commitments. A node without these anvil methods cannot host a run.
 */
export async function prepareExternalNode(rpc: RpcClient): Promise<void> {
  const steps: [string, unknown[]][] = [
    ['evm_setAutomine', [false]],
    ['anvil_setNextBlockBaseFeePerGas', ['0x0']],
    ['evm_setBlockGasLimit', ['0x2540be400']],
  ]
  for (const [method, params] of steps) {
    try {
      await rpc.request(method, params)
    } catch (error) {
      if (error instanceof InputError) throw error
      throw new ChainError(`the node at ${rpc.url} does not accept ${method}: ${(error as Error).message}`, {
        rpcUrl: rpc.url,
        hint: 'point --rpc-url at an anvil node (anvil --order fifo), or leave it out to use the embedded anvil',
        cause: error,
      })
    }
  }
}
