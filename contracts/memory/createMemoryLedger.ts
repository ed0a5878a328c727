import { BaseError, InputError } from '../../errors/index.ts'
import type {
  AccountBalances,
  AccountRef,
  Amount,
  CallReceipt,
  Hex,
  LedgerPort,
  ProtocolParams,
} from '../../sim/index.ts'
import { createAccountBook } from '../ledger/createAccountBook.ts'
import { validateProtocolParams } from '../ledger/validateProtocolParams.ts'
import { createMemoryState, type MemoryState, TURN_CLOSED } from './createMemoryState.ts'
import { executeMemoryCall } from './executeMemoryCall.ts'
import { modelCallGas } from './modelCallGas.ts'
import { type ResolveContext, type ResolvedCall, resolveMemoryCall } from './resolveMemoryCall.ts'

/** The ledger port without a chain, plus what tests and tools need to look inside. */
export type MemoryLedger = LedgerPort & {
  /** The chain address the anvil adapter would use for an account (errors name these). */
  addressOf(account: AccountRef): Hex
  /**
   * Always true: gasUsed in receipts comes from the modeled table in modeledGas.ts, not from an
   * EVM, so gas-derived metrics of a run on this ledger are modeled.
   */
  readonly gasModeled: true
}

export type MemoryLedgerOptions = {
  /**
   * Timestamp of the block setup() mines, as anvil's genesis timestamp; mine() refuses earlier
   * ones. Default 0 (anvil would take the wall clock, which this ledger never reads).
   */
  timestamp?: number
  /** Runs on close(). */
  onClose?: () => Promise<void>
}

/** What anvil's transaction pool answers for a value the sender's wallet does not hold. */
const insufficientFunds = 'Insufficient funds for gas * price + value'

/**
 * The ledger port as an in-process model of Protocol.sol, for sweeps too big for a chain. It
 * takes the same calls as createAnvilLedger and gives the same receipts (ok, revert reason
 * formatted like the decoded custom error, events in order, ids), balances and burned total;
 * only gasUsed differs, being modeled (modeledGas.ts). What the anvil adapter decides when a call
 * is submitted (senders, Merkle and checkpoint proofs, escrow debits) is decided here at the
 * same moment from records kept the same way, and proofs are checked only as far as the chain
 * could fail them. Blocks are numbered as on a fresh anvil: setup mines block 1.
 */
export function createMemoryLedger(options: MemoryLedgerOptions = {}): MemoryLedger {
  const accounts = createAccountBook()
  let queue: ResolvedCall[] = []
  let state: MemoryState | undefined
  // What the anvil adapter keeps, from the mined blocks' events: a batch from its commit until it
  // is finalized, a game from its opening until it is resolved. Calls are resolved between
  // blocks, when exactly those batches and games are in the state and not yet closed.
  const context: ResolveContext = {
    batchOf(id) {
      const batch = state?.batches.open(id)
      return batch && !batch.finalized ? batch : undefined
    },
    gameOf(id) {
      const game = state?.games[id]
      return game && game.turn !== TURN_CLOSED ? game : undefined
    },
  }
  let lastTimestamp = 0
  let closed = false

  function ready(): MemoryState {
    if (closed) throw new BaseError('the ledger is closed')
    if (!state) throw new BaseError('the ledger is not set up: call setup() first')
    return state
  }

  const addressOf = (ref: AccountRef): Hex => accounts.addressOf(ref.role, ref.index)

  return {
    addressOf,
    gasModeled: true,

    async setup(params, counts, funding) {
      if (closed) throw new BaseError('the ledger is closed')
      if (state) throw new BaseError('the ledger is already set up')
      validateProtocolParams(params)
      checkSafe(params)
      if (funding < 0n) throw new InputError(`funding must not be negative, got ${funding}`)
      const fresh = createMemoryState(params, accounts)
      fresh.wallets.referee.set(0, funding)
      for (let i = 0; i < counts.hosts; i++) fresh.wallets.host.set(i, funding)
      for (let i = 0; i < counts.verifiers; i++) fresh.wallets.verifier.set(i, funding)
      for (let i = 0; i < counts.requesters; i++) fresh.wallets.requester.set(i, funding)
      lastTimestamp = options.timestamp ?? 0
      fresh.block.number = 1
      fresh.block.timestamp = lastTimestamp
      fresh.emission.start = Math.max(lastTimestamp, params.emission.start ?? 0)
      fresh.emission.lastEmitAt = fresh.emission.start
      state = fresh
    },

    submit(call) {
      ready()
      // Resolving now, not at mine time, as the anvil adapter encodes at submit.
      queue.push(resolveMemoryCall(context, call))
    },

    async mine(timestamp) {
      const current = ready()
      if (!Number.isInteger(timestamp) || timestamp < lastTimestamp) {
        throw new BaseError(`cannot mine a block at ${timestamp}: the last block is at ${lastTimestamp}`)
      }
      const queued = queue
      queue = []
      const rejected = poolRejections(current, queued)
      current.block.number += 1
      current.block.timestamp = timestamp
      lastTimestamp = timestamp
      const receipts: CallReceipt[] = new Array(queued.length)
      for (let i = 0; i < queued.length; i++) {
        const resolved = queued[i] as ResolvedCall
        const { call } = resolved
        if (rejected?.has(i)) {
          receipts[i] = { call, ok: false, error: insufficientFunds, gasUsed: 0n, events: [] }
          continue
        }
        checkFunds(current, resolved)
        const events: CallReceipt['events'] = []
        const error = executeMemoryCall(current, resolved, events)
        const gasUsed = modelCallGas(current, resolved, error, events)
        if (error !== undefined) {
          receipts[i] = { call, ok: false, error, gasUsed, events: [] }
          continue
        }
        receipts[i] = { call, ok: true, gasUsed, events }
        // Its gas read the batch whole; from now on no call can reach more than its header.
        if (resolved.kind === 'finalize') current.batches.release(resolved.call.batchId)
      }
      return { number: current.block.number, timestamp, receipts }
    },

    async balances(account): Promise<AccountBalances> {
      const current = ready()
      const { role, index } = account
      return {
        wallet: current.wallets[role].get(index) ?? 0n,
        // Everything bonded, the unbonding part included, as stakeOf's first value.
        stake: role === 'host' ? (current.bonds.get(index)?.stake ?? 0n) : 0n,
        escrow: role === 'requester' ? (current.escrow.get(index) ?? 0n) : 0n,
        credit: current.credits[role].get(index) ?? 0n,
      }
    },

    async burned(): Promise<Amount> {
      return ready().totalBurned
    },

    async close() {
      if (closed) return
      closed = true
      queue = []
      await options.onClose?.()
    },
  }
}

/** The value a call sends along, and whose wallet pays it. */
function valueSent(
  state: MemoryState,
  resolved: ResolvedCall,
): [Amount, 'host' | 'verifier' | 'requester', number] | undefined {
  switch (resolved.kind) {
    case 'stake':
      return [resolved.call.amount, 'host', resolved.call.host]
    case 'deposit':
      return [resolved.call.amount, 'requester', resolved.call.requester]
    case 'challenge':
    case 'openGame':
      return [state.params.challengeBond, 'verifier', resolved.call.verifier]
    default:
      return undefined
  }
}

/**
 * anvil's pool checks each transaction's value against the sender's balance in the last mined
 * block, one by one, before the block is built; a refused one never reaches the chain.
 */
function poolRejections(state: MemoryState, queued: readonly ResolvedCall[]): Set<number> | undefined {
  let rejected: Set<number> | undefined
  for (let i = 0; i < queued.length; i++) {
    const value = valueSent(state, queued[i] as ResolvedCall)
    if (!value) continue
    const [amount, role, index] = value
    if (amount <= (state.wallets[role].get(index) ?? 0n)) continue
    rejected ??= new Set()
    rejected.add(i)
  }
  return rejected
}

/**
 * A value the pool let through but an earlier call of the same block spent: anvil drops such a
 * transaction while building the block, and the anvil adapter then fails the whole block
 * (not mined in submission order). There is no receipt to give, so this fails too.
 */
function checkFunds(state: MemoryState, resolved: ResolvedCall): void {
  const value = valueSent(state, resolved)
  if (!value) return
  const [amount, role, index] = value
  const wallet = state.wallets[role].get(index) ?? 0n
  if (amount > wallet) {
    throw new BaseError(
      `${role} ${index} sends ${amount} in block ${state.block.number} but holds ${wallet} after earlier calls of that block; a chain would drop the transaction`,
    )
  }
}

/** ethers refuses numbers beyond 2^53 - 1 when the anvil adapter deploys; refuse them here too. */
function checkSafe(params: ProtocolParams): void {
  for (const field of ['challengeWindow', 'unbondingDelay', 'moveTimeout', 'refereeTimeout'] as const) {
    if (!Number.isSafeInteger(params[field])) {
      throw new InputError(
        `protocol.${field} must be at most ${Number.MAX_SAFE_INTEGER}, got ${params[field]}`,
      )
    }
  }
}
