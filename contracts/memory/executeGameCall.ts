import type { LedgerEvent } from '../../sim/index.ts'
import { formatRevert } from '../abi/formatRevert.ts'
import { checkpointDepth } from '../merkle/checkpointDepth.ts'
import { checkLeaf } from './checkLeaf.ts'
import { closeCase } from './closeCase.ts'
import {
  LEAF_SLASHED,
  type MemoryBatch,
  type MemoryGame,
  type MemoryState,
  TURN_CHALLENGER,
  TURN_CLOSED,
  TURN_HOST,
  TURN_REFEREE,
} from './createMemoryState.ts'
import { forfeitBond } from './forfeitBond.ts'
import { markLeaf } from './markLeaf.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'
import { sameDigests } from './sameDigests.ts'
import { sameWord } from './sameWord.ts'
import { slashHost } from './slashHost.ts'

type GameCall = Extract<
  ResolvedCall,
  { kind: 'openGame' | 'reveal' | 'respond' | 'resolveGame' | 'timeoutGame' }
>

const zeroWord = `0x${'0'.repeat(64)}` as const
const turnNames = ['host', 'host', 'challenger', 'referee'] as const

/**
 * Bisection games, as Protocol.sol runs them: opening with the bond (the leaf stays Untouched,
 * so several games may run on it), the host's reveals, the challenger's answers, the referee's
 * verdict on the narrowed layer before its deadline, and timeouts (a party's: it loses; the
 * referee's: the game is void). Payouts are credits. Checks first,
 * in the contract's order, then effects. Returns the revert reason, or undefined after pushing
 * the events.
 */
export function executeGameCall(
  state: MemoryState,
  resolved: GameCall,
  events: LedgerEvent[],
): string | undefined {
  const { accounts, block } = state
  switch (resolved.kind) {
    case 'openGame': {
      const { verifier, leafIndex } = resolved.call
      const { leaf } = resolved
      if (!state.verifiers.has(verifier))
        return formatRevert('NotVerifier', accounts.addressOf('verifier', verifier))
      // WrongBond cannot happen: the adapter sends exactly the bond.
      const reason = checkLeaf(state, leaf)
      if (reason !== undefined) return reason
      const batch = state.batches.open(leaf.batchId)
      if (!batch || leaf.key === undefined) throw new Error('checkLeaf passed a leaf it did not find')
      const layers = state.models.get(batch.modelHash)?.layers ?? 0
      if (layers === 0) return formatRevert('NoCheckpoints', batch.modelHash)
      batch.openDisputes += 1
      state.bondOf(batch.host).openCases += 1
      const gameId = state.games.length
      state.games.push({
        challenger: verifier,
        batchId: leaf.batchId,
        leafIndex,
        lo: 0,
        hi: layers,
        requester: leaf.requester,
        lastMoveAt: block.timestamp,
        layers,
        round: 0,
        // One checkpoint leaves nothing to bisect: the referee checks the only layer at once.
        turn: layers === 1 ? TURN_REFEREE : TURN_HOST,
        fee: leaf.fee,
        hiDigest: leaf.resultDigest,
        revealed: zeroWord,
        layerDigests: leaf.layerDigests,
        leaf: leaf.key,
      })
      state.addToWallet('verifier', verifier, -state.params.challengeBond)
      events.push({ kind: 'GameOpened', gameId, batchId: leaf.batchId, leafIndex, verifier, layers })
      return undefined
    }
    case 'reveal': {
      const { gameId, layer } = resolved.call
      const moveReason = checkMove(state, gameId, TURN_HOST)
      if (moveReason !== undefined) return moveReason
      const game = state.games[gameId] as MemoryGame
      const host = state.batches.open(game.batchId)?.host
      if (resolved.sender !== host)
        return formatRevert('NotBatchHost', accounts.addressOf('host', resolved.sender))
      const mid = Math.floor((game.lo + game.hi) / 2)
      if (layer !== mid) return formatRevert('WrongLayer', layer, mid)
      // The proof was built over the committed leaf's digests, at this position: it holds iff it
      // has the depth the registered layer count gives and those digests are the ones under the
      // checkpoint root the game was opened with (then their roots agree without hashing).
      if (resolved.proofSteps !== checkpointDepth(game.layers)) return 'InvalidProof()'
      if (!resolved.proofDigests || !sameDigests(resolved.proofDigests, game.layerDigests))
        return 'InvalidProof()'
      game.revealed = resolved.digest
      game.turn = TURN_CHALLENGER
      game.lastMoveAt = block.timestamp
      events.push({
        kind: 'GameMoved',
        gameId,
        lo: game.lo,
        hi: game.hi,
        turn: 'challenger',
        round: game.round,
      })
      return undefined
    }
    case 'respond': {
      const { gameId, agree } = resolved.call
      const moveReason = checkMove(state, gameId, TURN_CHALLENGER)
      if (moveReason !== undefined) return moveReason
      const game = state.games[gameId] as MemoryGame
      if (resolved.sender !== game.challenger) {
        return formatRevert('NotChallenger', accounts.addressOf('verifier', resolved.sender))
      }
      const mid = Math.floor((game.lo + game.hi) / 2)
      if (agree) game.lo = mid
      else {
        game.hi = mid
        game.hiDigest = game.revealed
      }
      game.round += 1
      game.turn = game.hi - game.lo === 1 ? TURN_REFEREE : TURN_HOST
      game.lastMoveAt = block.timestamp
      const turn = turnNames[game.turn] as 'host' | 'referee'
      events.push({ kind: 'GameMoved', gameId, lo: game.lo, hi: game.hi, turn, round: game.round })
      return undefined
    }
    case 'resolveGame': {
      const { gameId, refereeDigest } = resolved.call
      const game = state.games[gameId]
      if (!game) return formatRevert('UnknownGame', gameId)
      if (game.turn !== TURN_REFEREE) return formatRevert('WrongTurn', gameId, game.turn)
      const deadline = game.lastMoveAt + state.params.refereeTimeout
      if (block.timestamp >= deadline) return formatRevert('RefereeTimedOut', gameId, deadline)
      closeGame(state, gameId, game, !sameWord(refereeDigest, game.hiDigest), false, events)
      return undefined
    }
    case 'timeoutGame': {
      const { gameId } = resolved.call
      const game = state.games[gameId]
      if (!game) return formatRevert('UnknownGame', gameId)
      const { turn } = game
      if (turn === TURN_CLOSED) return formatRevert('WrongTurn', gameId, turn)
      if (turn === TURN_REFEREE) {
        const refereeDeadline = game.lastMoveAt + state.params.refereeTimeout
        if (block.timestamp < refereeDeadline) {
          return formatRevert('RefereeTimeNotOver', gameId, refereeDeadline)
        }
        game.turn = TURN_CLOSED
        closeCase(state, state.batches.open(game.batchId) as MemoryBatch)
        state.addCredit('verifier', game.challenger, state.params.challengeBond)
        events.push({ kind: 'GameVoided', gameId })
        return undefined
      }
      const deadline = game.lastMoveAt + state.params.moveTimeout
      if (block.timestamp < deadline) return formatRevert('MoveTimeNotOver', gameId, deadline)
      closeGame(state, gameId, game, turn === TURN_HOST, true, events)
      return undefined
    }
  }
}

/**
 * Protocol.sol's `_moveOf`: the game exists, it is `turn`'s move, and the move time has not run
 * out (a late move is refused even before anyone claims the timeout).
 */
function checkMove(state: MemoryState, gameId: number, turn: number): string | undefined {
  const game = state.games[gameId]
  if (!game) return formatRevert('UnknownGame', gameId)
  if (game.turn !== turn) return formatRevert('WrongTurn', gameId, game.turn)
  const deadline = game.lastMoveAt + state.params.moveTimeout
  if (state.block.timestamp >= deadline) return formatRevert('MoveTimedOut', gameId, deadline)
  return undefined
}

/**
 * Protocol.sol's `_closeGame`: a losing host is slashed as in a dispute, unless the leaf was
 * slashed already (one fault, one slash), and the challenger is credited its share and its bond;
 * a losing challenger's bond is credited partly to the host, the rest burned.
 */
function closeGame(
  state: MemoryState,
  gameId: number,
  game: MemoryGame,
  hostLost: boolean,
  byTimeout: boolean,
  events: LedgerEvent[],
): void {
  game.turn = TURN_CLOSED
  const batch = state.batches.open(game.batchId)
  if (!batch) throw new Error(`game ${gameId} names no batch`)
  closeCase(state, batch)
  const layer = byTimeout ? 0 : game.hi
  const bond = state.params.challengeBond
  const rounds = game.round
  if (hostLost) {
    let toChallenger = 0n
    if (batch.leafState?.get(game.leaf) !== LEAF_SLASHED) {
      markLeaf(batch, game.leaf, LEAF_SLASHED)
      toChallenger = slashHost(state, batch, game.requester, game.fee, { game: gameId }, events).toChallenger
    }
    events.push({
      kind: 'GameResolved',
      gameId,
      hostLost,
      byTimeout,
      layer,
      rounds,
      bondToHost: 0n,
      bondBurned: 0n,
    })
    state.addCredit('verifier', game.challenger, toChallenger + bond)
  } else {
    const { toHost, burned } = forfeitBond(state, batch.host, bond)
    events.push({
      kind: 'GameResolved',
      gameId,
      hostLost,
      byTimeout,
      layer,
      rounds,
      bondToHost: toHost,
      bondBurned: burned,
    })
  }
}
