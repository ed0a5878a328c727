import { type Interface, toQuantity } from 'ethers'
import { BaseError } from '../../errors/index.ts'
import type { CallReceipt, Hex, LedgerCall, MinedBlock } from '../../sim/index.ts'
import { decodeLedgerEvents, type RawLog } from '../abi/decodeLedgerEvents.ts'
import type { EncodedTx } from '../abi/encodeLedgerCall.ts'
import type { AccountBook } from '../ledger/createAccountBook.ts'
import type { RpcClient } from './createRpcClient.ts'
import { fetchRevertReasons } from './fetchRevertReasons.ts'
import { requireAll } from './requireAll.ts'

export type QueuedCall = { call: LedgerCall; tx: EncodedTx }

export type MineContext = { iface: Interface; protocol: Hex; accounts: AccountBook }

type RpcBlock = { number: string; timestamp: string; transactions: string[] }
type RpcReceipt = { transactionHash: string; status: string; gasUsed: string; logs: RawLog[] }

/**
 * anvil answers an HTTP batch of more than 64 eth_sendTransaction requests concurrently and then
 * mines them out of order (measured on 1.7.1); 32 per HTTP call keeps submission order, which
 * decides who wins when two calls race for the same state, at about 6,000 tx/s.
 */
const sendChunk = 32

/**
 * Send the queued calls in order, mine one block at `timestamp` and read it back: one receipt
 * per call, in submission order, with events decoded and revert reasons named. Receipts come
 * from one eth_getBlockReceipts after mining, never from polling.
 */
export async function mineBlock(
  rpc: RpcClient,
  context: MineContext,
  queued: readonly QueuedCall[],
  timestamp: number,
): Promise<MinedBlock> {
  const { iface, protocol, accounts } = context
  const sends = await rpc.batch(
    queued.map(({ tx }) => ({
      method: 'eth_sendTransaction',
      params: [
        {
          from: tx.from,
          to: tx.to,
          data: tx.data,
          value: toQuantity(tx.value),
          gas: toQuantity(tx.gas),
          gasPrice: '0x0',
        },
      ],
    })),
    { chunkSize: sendChunk },
  )
  await rpc.request('evm_mine', [timestamp])
  const [block, blockReceipts] = (await requireAll(rpc, [
    { method: 'eth_getBlockByNumber', params: ['latest', false] },
    { method: 'eth_getBlockReceipts', params: ['latest'] },
  ])) as [RpcBlock, RpcReceipt[]]

  const hashes = sends.map((send) => (send.ok ? (send.result as string) : undefined))
  assertSubmissionOrder(block, hashes)
  const byHash = new Map(blockReceipts.map((r) => [r.transactionHash, r]))
  const reverted = blockReceipts.filter((r) => r.status !== '0x1').map((r) => r.transactionHash)
  const reasonList = await fetchRevertReasons(rpc, iface, reverted)
  const reasons = new Map(reverted.map((hash, i) => [hash, reasonList[i] ?? 'reverted']))

  const receipts = queued.map(({ call }, i): CallReceipt => {
    const send = sends[i]
    // The node refused the transaction outright (e.g. a stake above the wallet): no gas was used.
    if (!send?.ok) return failed(call, send ? send.error.message : 'not sent')
    const receipt = byHash.get(send.result as string)
    if (!receipt) return failed(call, 'not included in the block')
    const gasUsed = BigInt(receipt.gasUsed)
    if (receipt.status !== '0x1') {
      return {
        call,
        ok: false,
        error: reasons.get(receipt.transactionHash) ?? 'reverted',
        gasUsed,
        events: [],
      }
    }
    return {
      call,
      ok: true,
      gasUsed,
      events: decodeLedgerEvents(iface, accounts, protocol, receipt.logs, call),
    }
  })
  return { number: Number(block.number), timestamp: Number(block.timestamp), receipts }
}

function failed(call: LedgerCall, error: string): CallReceipt {
  return { call, ok: false, error, gasUsed: 0n, events: [] }
}

/**
 * FIFO ordering is what makes a block's outcome depend only on the order the sim submitted its
 * calls. If the node ever mined them in another order, results would silently stop being
 * reproducible, so that is an error.
 */
function assertSubmissionOrder(block: RpcBlock, hashes: readonly (string | undefined)[]): void {
  const expected = hashes.filter((hash): hash is string => hash !== undefined)
  const ours = new Set(expected)
  const mined = block.transactions.filter((hash) => ours.has(hash))
  if (mined.length !== expected.length || mined.some((hash, i) => hash !== expected[i])) {
    throw new BaseError(`the node did not mine block ${Number(block.number)} in submission order`, {
      hint: 'run anvil with --order fifo and without automining',
    })
  }
}
