import type { Amount, Hex, JobLeaf, ProtocolParams } from '../../sim/index.ts'
import type { AccountBook } from '../ledger/createAccountBook.ts'
import type { AccountRole } from '../ledger/deriveAccountAddress.ts'
import { createMemoryBatches, type MemoryBatches } from './createMemoryBatches.ts'

// IProtocol's LeafState and Turn, with the same numbers: WrongTurn prints the turn.
export const LEAF_UNTOUCHED = 0
export const LEAF_DISPUTED = 1
export const LEAF_SLASHED = 2
export const LEAF_SETTLED = 3
export const TURN_CLOSED = 0
export const TURN_HOST = 1
export const TURN_CHALLENGER = 2
export const TURN_REFEREE = 3

/** Protocol.sol's `Bond`, for one host index. */
export type MemoryBond = {
  stake: Amount
  unbonding: Amount
  availableAt: number
  /** Disputes and games open against this host's batches. */
  openCases: number
  /** Challenge deadline of the host's latest batch (0 = never committed). */
  lastDeadline: number
  /** block.number + 1 of the host's last commit (0 = never). */
  lastCommitBlockPlusOne: number
  /** Successful commits, for modeled gas only: a host's first commit writes a fresh slot. */
  commits: number
}

/** Protocol.sol's `Batch`; `host` is a host index. */
export type MemoryBatch = {
  host: number
  deadline: number
  jobCount: number
  openDisputes: number
  finalized: boolean
  attested: boolean
  /** Lower-case, as the chain hands bytes32 values back. */
  modelHash: Hex
  /** The committed leaves: the chain keeps only their root, a function of them (computeBatchRoot). */
  leaves: readonly JobLeaf[]
  fees: Amount
  /** leafState of this batch by leafKey; made on the first touch, most batches never need it. */
  leafState: Map<string, number> | undefined
}

export type MemoryDispute = {
  verifier: number
  batchId: number
  open: boolean
  requester: number
  fee: Amount
  resultDigest: Hex
  /** The disputed leaf's leafKey. */
  leaf: string
  openedAt: number
}

export type MemoryGame = {
  challenger: number
  batchId: number
  /** Not on chain (a sorted-pair proof does not encode it): the index the openGame call named. */
  leafIndex: number
  lo: number
  hi: number
  requester: number
  lastMoveAt: number
  layers: number
  round: number
  turn: number
  fee: Amount
  hiDigest: Hex
  revealed: Hex
  /** The layer digests under the leaf's checkpoint root (none: a zero root). */
  layerDigests: readonly Hex[] | undefined
  /** The leaf's leafKey (Protocol.sol's gameLeaf). */
  leaf: string
}

/** Protocol.sol's `Order`: `jobs` more jobs a requester pays `fee` each for to one host. */
export type MemoryOrder = { fee: Amount; jobs: number }

/** Protocol.sol's `EscrowWithdrawal`, for one requester index. */
export type MemoryEscrowWithdrawal = {
  amount: Amount
  availableAt: number
  /** For modeled gas only: the request filled empty slots (nothing was pending before it). */
  fresh: boolean
}

/**
 * Everything Protocol.sol stores, keyed by account index instead of address (derived addresses
 * never collide, so a role and an index name exactly one address), plus the wallets the chain
 * keeps and the block being mined.
 */
export type MemoryState = {
  params: ProtocolParams
  accounts: AccountBook
  models: Map<string, { flops: number; layers: number }>
  verifiers: Set<number>
  bonds: Map<number, MemoryBond>
  /** escrowOf, by requester index: only requesters deposit and only requesters are refunded. */
  escrow: Map<number, Amount>
  /** orders, by `${requester}:${host}` (orderKey). */
  orders: Map<string, MemoryOrder>
  escrowWithdrawals: Map<number, MemoryEscrowWithdrawal>
  /** credits: what verdicts and finality owe each account until it claims. */
  credits: Record<AccountRole, Map<number, Amount>>
  wallets: Record<AccountRole, Map<number, Amount>>
  batches: MemoryBatches
  disputes: MemoryDispute[]
  games: MemoryGame[]
  totalBurned: Amount
  /**
   * Protocol.sol's emissionStart, lastEmitAt and emissionReserve: accrual runs from the set-up
   * block, and the reserve is what the deployment sent along less what emissions credited.
   */
  emission: {
    start: number
    lastEmitAt: number
    reserve: Amount
    /** For modeled gas only: the last emit moved lastEmitAt (it ran in a later block). */
    moved: boolean
  }
  /** For modeled gas only: orders the last `order` call created (their slot was empty). */
  ordersCreated: number
  /** The block the calls run in. */
  block: { number: number; timestamp: number }
  /** The bond of a host, made empty on first use as a mapping slot would read. */
  bondOf(host: number): MemoryBond
  /**
   * Move `amount` into an account's wallet (negative: out of it, for a call's value): a `_send`
   * that cannot fail, every account being an EOA.
   */
  addToWallet(role: AccountRole, index: number, amount: Amount): void
  /** Add to an account's credit, as a verdict or finalize does. */
  addCredit(role: AccountRole, index: number, amount: Amount): void
}

/** The key of `MemoryState.orders`. */
export function orderKey(requester: number, host: number): string {
  return `${requester}:${host}`
}

export function createMemoryState(params: ProtocolParams, accounts: AccountBook): MemoryState {
  const bonds = new Map<number, MemoryBond>()
  const byRole = (): Record<AccountRole, Map<number, Amount>> => ({
    host: new Map(),
    verifier: new Map(),
    requester: new Map(),
    referee: new Map(),
    owner: new Map(),
  })
  const wallets = byRole()
  const credits = byRole()
  return {
    params,
    accounts,
    models: new Map(),
    verifiers: new Set(),
    bonds,
    escrow: new Map(),
    orders: new Map(),
    escrowWithdrawals: new Map(),
    credits,
    wallets,
    batches: createMemoryBatches(),
    disputes: [],
    games: [],
    totalBurned: 0n,
    emission: { start: 0, lastEmitAt: 0, reserve: params.emission.reserve, moved: false },
    ordersCreated: 0,
    block: { number: 0, timestamp: 0 },
    bondOf(host) {
      let bond = bonds.get(host)
      if (!bond) {
        bond = {
          stake: 0n,
          unbonding: 0n,
          availableAt: 0,
          openCases: 0,
          lastDeadline: 0,
          lastCommitBlockPlusOne: 0,
          commits: 0,
        }
        bonds.set(host, bond)
      }
      return bond
    },
    addToWallet(role, index, amount) {
      const wallet = wallets[role]
      wallet.set(index, (wallet.get(index) ?? 0n) + amount)
    },
    addCredit(role, index, amount) {
      const credit = credits[role]
      credit.set(index, (credit.get(index) ?? 0n) + amount)
    },
  }
}
