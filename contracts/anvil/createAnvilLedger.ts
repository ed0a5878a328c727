import { type Interface, toQuantity } from 'ethers'
import { BaseError } from '../../errors/index.ts'
import type { AccountBalances, AccountRef, Amount, Hex, LedgerPort } from '../../sim/index.ts'
import { type BatchRecord, encodeLedgerCall, type GameRecord } from '../abi/encodeLedgerCall.ts'
import { createAccountBook } from '../ledger/createAccountBook.ts'
import { validateProtocolParams } from '../ledger/validateProtocolParams.ts'
import { createRpcClient, type RpcClient } from './createRpcClient.ts'
import { deployProtocol } from './deployProtocol.ts'
import { mineBlock, type QueuedCall } from './mineBlock.ts'
import { prepareExternalNode } from './prepareExternalNode.ts'
import { requireAll } from './requireAll.ts'

/** The ledger port on a real chain, plus what tests and tools need to look inside. */
export type AnvilLedger = LedgerPort & {
  /** The chain address behind an account. */
  addressOf(account: AccountRef): Hex
  /** The deployed protocol; undefined before setup. */
  protocolAddress(): Hex | undefined
}

export type AnvilLedgerOptions = {
  /** Runs on close(), e.g. to stop the anvil this ledger was given. */
  onClose?: () => Promise<void>
  /**
   * For a node this ledger did not start (`--rpc-url`), whose clock may stand anywhere: the
   * timestamp the node's current time stands for. Setup prepares the node (prepareExternalNode)
   * and every timestamp crossing the port is shifted by the difference, so a run sees the same
   * times, and so the same outcomes, as on a fresh embedded anvil started at `startAt`.
   */
  startAt?: number
}

/**
 * The ledger port on anvil (or any node with anvil's methods). `submit` only queues; `mine`
 * sends the queue in order, mines one block at the virtual timestamp and decodes the receipts.
 * Accounts are derived addresses the node impersonates; the owner deploys and administers the
 * protocol (and sends the calls anyone may make: finalize, timeoutGame, expireDispute), the referee resolves
 * disputes, games and replication votes. `node` is an RPC client or the node's URL.
 */
export function createAnvilLedger(node: RpcClient | string, options: AnvilLedgerOptions = {}): AnvilLedger {
  const rpc = typeof node === 'string' ? createRpcClient(node) : node
  const accounts = createAccountBook()
  // Each batch's leaves (with their layer digests) and tree, kept from its commit until it is
  // finalized: challenges, games and replication votes need the proofs, nothing needs them
  // afterwards. A batch cannot finalize while a game on it is open, so a game's batch is kept.
  const batches = new Map<number, BatchRecord>()
  // Each open game's leaf and challenger, so reveal and respond know what to prove and who moves.
  const games = new Map<number, GameRecord>()
  let queue: QueuedCall[] = []
  let deployed: { iface: Interface; protocol: Hex; challengeBond: bigint } | undefined
  let lastTimestamp = 0
  // Node time and block number minus the port's; zero on an anvil started for this ledger, where
  // the deployment is block 1.
  let offset = 0
  let numberOffset = 0
  let closed = false
  // Requesters are funded when they first send a call or their balances are read, not at
  // deployment: anvil's cost per mined block grows with the accounts it holds (measured: an empty
  // block took 7.6 ms with 400 funded requesters, 14.8 ms with 4,000, 148 ms with 40,000), and a
  // market allocates an account to every requester that could arrive, most of which never send
  // the chain anything. Funded just before its first call, in the state that call sees, an
  // account behaves exactly as one funded at deployment: same wallet, same gas, same events.
  let lazy: { requesters: number; funding: bigint; funded: Set<number> } | undefined

  function ready(): { iface: Interface; protocol: Hex; challengeBond: bigint } {
    if (closed) throw new BaseError('the ledger is closed')
    if (!deployed) throw new BaseError('the ledger is not set up: call setup() first')
    return deployed
  }

  const addressOf = (ref: AccountRef): Hex => accounts.addressOf(ref.role, ref.index)
  const indices = (n: number) => Array.from({ length: n }, (_, i) => i)

  async function read(fn: string, args: readonly unknown[]): Promise<unknown> {
    const { iface, protocol } = ready()
    const data = iface.encodeFunctionData(fn, args)
    const result = await rpc.request('eth_call', [{ to: protocol, data }, 'latest'])
    return iface.decodeFunctionResult(fn, result as string)[0]
  }

  /** Fund, in one batch, the requesters among `senders` not funded yet (setup's `counts` only). */
  async function fundRequesters(senders: readonly string[]): Promise<void> {
    if (!lazy) return
    const { requesters, funding, funded } = lazy
    const fresh: string[] = []
    for (const address of senders) {
      const ref = accounts.refOf(address)
      if (ref?.role !== 'requester' || ref.index >= requesters || funded.has(ref.index)) continue
      funded.add(ref.index)
      fresh.push(address)
    }
    if (fresh.length > 0)
      await requireAll(
        rpc,
        fresh.map((address) => ({ method: 'anvil_setBalance', params: [address, toQuantity(funding)] })),
      )
  }

  return {
    addressOf,
    protocolAddress: () => deployed?.protocol,

    async setup(params, counts, funding) {
      if (closed) throw new BaseError('the ledger is closed')
      if (deployed) throw new BaseError('the ledger is already set up')
      validateProtocolParams(params)
      const referee = accounts.addressOf('referee', 0)
      const funded = [
        referee,
        ...indices(counts.hosts).map((i) => accounts.addressOf('host', i)),
        ...indices(counts.verifiers).map((i) => accounts.addressOf('verifier', i)),
      ]
      const owner = accounts.addressOf('owner', 0)
      if (options.startAt !== undefined) await prepareExternalNode(rpc)
      const result = await deployProtocol(rpc, {
        params,
        owner,
        referee,
        funded,
        funding,
        ...(options.startAt !== undefined ? { startAt: options.startAt } : {}),
      })
      deployed = { iface: result.iface, protocol: result.protocol, challengeBond: params.challengeBond }
      lazy = { requesters: counts.requesters, funding, funded: new Set() }
      if (options.startAt !== undefined) {
        offset = result.timestamp - options.startAt
        numberOffset = result.number - 1
      }
      lastTimestamp = result.timestamp - offset
    },

    submit(call) {
      const context = {
        ...ready(),
        accounts,
        batchOf: (id: number) => batches.get(id),
        gameOf: (id: number) => games.get(id),
      }
      // Encoding now, not at mine time, makes a malformed call fail where it was submitted.
      queue.push({ call, tx: encodeLedgerCall(context, call) })
    },

    async mine(timestamp) {
      const { iface, protocol } = ready()
      // Checked before anything is sent, so the queue survives the mistake.
      if (!Number.isInteger(timestamp) || timestamp < lastTimestamp) {
        throw new BaseError(`cannot mine a block at ${timestamp}: the last block is at ${lastTimestamp}`)
      }
      const queued = queue
      queue = []
      await fundRequesters(queued.map(({ tx }) => tx.from))
      const block = await mineBlock(rpc, { iface, protocol, accounts }, queued, timestamp + offset)
      lastTimestamp = timestamp
      block.receipts.forEach((receipt, i) => {
        const { call } = receipt
        for (const event of receipt.events) {
          const batch = queued[i]?.tx.batch
          if (event.kind === 'Committed' && batch) batches.set(event.batchId, batch)
          if (event.kind === 'Finalized') batches.delete(event.batchId)
          if (event.kind === 'GameOpened' && call.kind === 'openGame') {
            games.set(event.gameId, {
              batchId: call.batchId,
              leafIndex: call.leafIndex,
              verifier: call.verifier,
            })
          }
          if (event.kind === 'GameResolved' || event.kind === 'GameVoided') games.delete(event.gameId)
        }
      })
      if (offset === 0 && numberOffset === 0) return block
      for (const receipt of block.receipts) {
        for (const event of receipt.events) {
          if (event.kind === 'UnstakeRequested' || event.kind === 'EscrowWithdrawalRequested') {
            event.availableAt -= offset
          }
        }
      }
      return { ...block, number: block.number - numberOffset, timestamp: block.timestamp - offset }
    },

    async balances(account): Promise<AccountBalances> {
      const { iface, protocol } = ready()
      const address = addressOf(account)
      await fundRequesters([address])
      const view = (fn: string) => ({
        method: 'eth_call',
        params: [{ to: protocol, data: iface.encodeFunctionData(fn, [address]) }, 'latest'],
      })
      const [wallet, stake, escrow, credit] = await requireAll(rpc, [
        { method: 'eth_getBalance', params: [address, 'latest'] },
        view('stakeOf'),
        view('escrowOf'),
        view('credits'),
      ])
      return {
        wallet: BigInt(wallet as string),
        // stakeOf's first value is everything bonded, the unbonding part included.
        stake: iface.decodeFunctionResult('stakeOf', stake as string)[0] as bigint,
        escrow: iface.decodeFunctionResult('escrowOf', escrow as string)[0] as bigint,
        credit: iface.decodeFunctionResult('credits', credit as string)[0] as bigint,
      }
    },

    async burned(): Promise<Amount> {
      return (await read('totalBurned', [])) as bigint
    },

    async close() {
      if (closed) return
      closed = true
      queue = []
      batches.clear()
      games.clear()
      await options.onClose?.()
    },
  }
}
