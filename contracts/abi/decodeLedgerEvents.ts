import type { Interface } from 'ethers'
import type { AccountRef, Hex, LedgerCall, LedgerEvent, SlashCause } from '../../sim/index.ts'
import type { AccountBook } from '../ledger/createAccountBook.ts'
import { type ParsedLog, parseProtocolLog } from './parseProtocolLog.ts'

/** A log as eth_getBlockReceipts returns it. */
export type RawLog = { address: string; topics: string[]; data: string }

/**
 * Translate the protocol's logs in one receipt into the port's events, naming accounts by index
 * again. Logs of other contracts and protocol events the port does not list (VerifierAdded,
 * ModelRegistered aside, administration is kept: VerifierRemoved, RefereeChanged) are decoded. `call` is the call that produced the logs: the leaf index of a
 * challenge or game is not on chain (a sorted-pair proof does not encode it) but the call carries it.
 */
export function decodeLedgerEvents(
  iface: Interface,
  accounts: AccountBook,
  protocol: Hex,
  logs: readonly RawLog[],
  call: LedgerCall,
): LedgerEvent[] {
  const events: LedgerEvent[] = []
  for (const log of logs) {
    if (log.address.toLowerCase() !== protocol.toLowerCase()) continue
    const parsed = parseProtocolLog(iface, log)
    if (!parsed) continue
    const event = toLedgerEvent(parsed, accounts, call)
    if (event) events.push(event)
  }
  return events
}

function toLedgerEvent(log: ParsedLog, accounts: AccountBook, call: LedgerCall): LedgerEvent | undefined {
  const a = log.args
  // Unknown addresses cannot happen for accounts this adapter sends from; -1 makes a bug visible.
  const index = (address: string): number => accounts.refOf(address)?.index ?? -1
  switch (log.name) {
    case 'ModelRegistered':
      return { kind: 'ModelRegistered', modelHash: a.modelHash }
    case 'Staked':
      return { kind: 'Staked', host: index(a.host), amount: a.amount }
    case 'Deposited':
      return { kind: 'Deposited', requester: index(a.requester), amount: a.amount }
    case 'UnstakeRequested':
      return {
        kind: 'UnstakeRequested',
        host: index(a.host),
        amount: a.amount,
        availableAt: Number(a.availableAt),
      }
    case 'Withdrawn':
      return { kind: 'Withdrawn', host: index(a.host), amount: a.amount }
    case 'Committed':
      return {
        kind: 'Committed',
        batchId: Number(a.batchId),
        host: index(a.host),
        root: a.root,
        jobCount: Number(a.jobCount),
        feeTotal: a.feeTotal,
      }
    case 'DisputeOpened':
      return {
        kind: 'DisputeOpened',
        disputeId: Number(a.disputeId),
        batchId: Number(a.batchId),
        leafIndex: call.kind === 'challenge' ? call.leafIndex : -1,
        verifier: index(a.verifier),
      }
    case 'DisputeRejected':
      return { kind: 'DisputeRejected', disputeId: Number(a.disputeId) }
    case 'DisputeExpired':
      return { kind: 'DisputeExpired', disputeId: Number(a.disputeId) }
    case 'Ordered':
      return {
        kind: 'Ordered',
        requester: index(a.requester),
        hosts: Number(a.hosts),
        jobs: Number(a.jobs),
        fee: a.fee,
      }
    case 'Claimed': {
      const ref = accounts.refOf(a.account)
      const account = (ref ?? { role: 'host', index: -1 }) as AccountRef
      return { kind: 'Claimed', account, amount: a.amount }
    }
    case 'EscrowWithdrawalRequested':
      return {
        kind: 'EscrowWithdrawalRequested',
        requester: index(a.requester),
        amount: a.amount,
        availableAt: Number(a.availableAt),
      }
    case 'EscrowWithdrawn':
      return { kind: 'EscrowWithdrawn', requester: index(a.requester), amount: a.amount }
    case 'VerifierRemoved':
      return { kind: 'VerifierRemoved', verifier: index(a.verifier) }
    case 'RefereeChanged':
      return { kind: 'RefereeChanged', referee: index(a.next) }
    case 'GameVoided':
      return { kind: 'GameVoided', gameId: Number(a.gameId) }
    case 'Slashed':
      return {
        kind: 'Slashed',
        cause: slashCause(Number(a.causeKind), Number(a.causeId)),
        host: index(a.host),
        amount: a.amount,
        toChallenger: a.toChallenger,
        burned: a.burned,
        refunded: a.refunded,
      }
    case 'Finalized':
      return { kind: 'Finalized', batchId: Number(a.batchId), host: index(a.host), paid: a.paid }
    case 'FeesBurned':
      return { kind: 'FeesBurned', batchId: Number(a.batchId), burned: a.burned }
    case 'Emitted':
      return { kind: 'Emitted', total: a.total, hosts: Number(a.hosts) }
    case 'EmissionCredited':
      return { kind: 'EmissionCredited', host: index(a.host), amount: a.amount }
    case 'ReplicationSettled':
      return {
        kind: 'ReplicationSettled',
        jobId: Number(a.jobId),
        consensus: a.consensus,
        slashed: (a.slashed as string[]).map(index),
        refunded: a.refunded,
      }
    case 'GameOpened':
      return {
        kind: 'GameOpened',
        gameId: Number(a.gameId),
        batchId: Number(a.batchId),
        leafIndex: call.kind === 'openGame' ? call.leafIndex : -1,
        verifier: index(a.challenger),
        layers: Number(a.layers),
      }
    case 'GameMoved':
      return {
        kind: 'GameMoved',
        gameId: Number(a.gameId),
        lo: Number(a.lo),
        hi: Number(a.hi),
        turn: turnName(Number(a.turn)),
        round: Number(a.round),
      }
    case 'GameResolved':
      return {
        kind: 'GameResolved',
        gameId: Number(a.gameId),
        hostLost: a.hostLost,
        byTimeout: a.byTimeout,
        layer: Number(a.layer),
        rounds: Number(a.rounds),
        bondToHost: a.bondToHost,
        bondBurned: a.bondBurned,
      }
    case 'Attested':
      return { kind: 'Attested', batchId: Number(a.batchId), gas: Number(a.gas) }
    default:
      return undefined
  }
}

// Protocol.sol's CAUSE_* constants.
function slashCause(kind: number, id: number): SlashCause {
  if (kind === 0) return { dispute: id }
  if (kind === 1) return { game: id }
  return { vote: id }
}

// IProtocol.Turn's values; a GameMoved event never carries Turn.Closed.
function turnName(turn: number): 'host' | 'challenger' | 'referee' {
  if (turn === 1) return 'host'
  if (turn === 2) return 'challenger'
  return 'referee'
}
