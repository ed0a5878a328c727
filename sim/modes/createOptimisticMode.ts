import { BaseError } from '../../errors/index.ts'
import type { RunContext } from '../createRunContext.ts'
import type { CallReceipt, CompareResult, Hex, LedgerCall, LedgerEvent } from '../ports.ts'
import { bernoulli } from '../rngStreams.ts'
import { isBad, otherDigest, type Replica } from '../runState.ts'
import { afterCheck, decideCheck, shields } from './decideCheck.ts'
import type { ModeHandler } from './types.ts'

type Game = {
  id: number
  replica: Replica
  verifier: number
  /** The challenger's own comparison, checkpoint by checkpoint: how it answers each move. */
  agree: boolean[]
  lo: number
  hi: number
  turn: 'host' | 'challenger' | 'referee'
  /** Virtual time of the last move: the move timeout counts from here. */
  movedAt: number
  /** A cheating host may stop answering a game it is sure to lose. */
  abandoned: boolean
  /**
   * Opened by a colluding watcher on its coalition host's bad result to shield it: the challenger
   * never moves and loses its bond by timeout, and honest watchers' games on the leaf go on.
   */
  sham: boolean
  /** A call for this game is in the current block or the referee is working. */
  busy: boolean
  /** The referee's digest for the narrowed layer, once it has re-executed it. */
  verdict?: Hex
}

/**
 * Optimistic verification: results are final after the challenge window unless a watcher
 * challenges. Watchers check with a chosen probability; a challenge opens a bisection game over
 * the host's committed checkpoint digests that narrows the dispute to one layer in ⌈log2 n⌉
 * rounds, and the referee re-executes exactly that layer, before its deadline or the game is
 * void. Colluding watchers play the sham-game move on their coalition's bad results (see
 * Game.sham); it costs them their bond and shields nothing, which counts.sham_games shows.
 */
export function createOptimisticMode(ctx: RunContext): ModeHandler {
  const { spec } = ctx
  const toOpen: { verifier: number; replica: Replica; agree: boolean[]; sham: boolean }[] = []
  const games = new Map<number, Game>()
  let checking = 0

  const expectOk = (receipt: CallReceipt, now: number) => {
    if (!receipt.ok)
      throw new BaseError(`the chain rejected a ${receipt.call.kind} at t=${now}s: ${receipt.error}`)
    ctx.tallies.verificationGas += receipt.gasUsed
  }

  const onGameEvents = (game: Game, events: LedgerEvent[], now: number) => {
    for (const event of events) {
      if (event.kind === 'GameMoved' && event.gameId === game.id) {
        Object.assign(game, { lo: event.lo, hi: event.hi, turn: event.turn, movedAt: now })
      } else if (event.kind === 'Slashed' && 'game' in event.cause && event.cause.game === game.id) {
        ctx.applySlash(event, game.replica, now)
      } else if (event.kind === 'GameVoided' && event.gameId === game.id) {
        games.delete(game.id)
        const { replica } = game
        ;(replica.batch as { open: number }).open--
        if (!game.sham) replica.contested = false
        ctx.counts.expired_cases++
        ctx.trace({ t: now, type: 'expired', case: 'game', id: game.id, job: replica.job.id })
      } else if (event.kind === 'GameResolved' && event.gameId === game.id) {
        games.delete(game.id)
        const { replica } = game
        ;(replica.batch as { open: number }).open--
        // A sham game is counted in sham_games only, so the honest games' figures stay comparable.
        if (!game.sham) {
          ctx.counts.game_rounds += event.rounds
          if (event.byTimeout) ctx.counts.timeouts++
          if (!event.hostLost) replica.contested = false
        }
        ctx.trace({
          t: now,
          type: 'game',
          game: game.id,
          job: replica.job.id,
          hostLost: event.hostLost,
          byTimeout: event.byTimeout,
          layer: event.layer,
          rounds: event.rounds,
        })
      }
    }
  }

  const submitGameCall = (game: Game, call: LedgerCall, now: number) => {
    game.busy = true
    ctx.submit(call, (receipt) => {
      expectOk(receipt, now)
      game.busy = false
      onGameEvents(game, receipt.events, now)
    })
  }

  return {
    replicas: 1,
    commitLayers: true,
    compareOutputs: false,
    computeFactor: 1,
    onCommitted(replica, now) {
      for (let v = 0; v < spec.verifiers.count; v++) {
        if (!decideCheck(ctx, v, replica, spec.protocol.watchProbability)) continue
        checking++
        ctx.check(v, replica, now, (result: CompareResult, at) => {
          checking--
          // A result is wrong when any checkpoint is out of tolerance, not only the last one.
          const agree = result.agree.every(Boolean)
          ctx.trace({ t: at, type: 'check', job: replica.job.id, verifier: v, match: agree })
          afterCheck(ctx, v, !agree)
          if (agree) return
          if (replica.state === 'final') ctx.missChallenge(replica.job.id, v, at, 'result already final')
          if (replica.state !== 'committed') return
          if (shields(ctx, v, replica.host)) {
            toOpen.push({ verifier: v, replica, agree: result.agree, sham: true })
            return
          }
          if (replica.contested) return
          replica.contested = true
          toOpen.push({ verifier: v, replica, agree: result.agree, sham: false })
        })
      }
    },
    beforeMine(now) {
      for (const { verifier, replica, agree, sham } of toOpen.splice(0)) {
        const batch = replica.batch
        if (!batch || replica.leafIndex === undefined)
          throw new BaseError('challenge of an uncommitted result')
        if (now >= batch.committedAt + spec.protocol.challengeWindow) {
          if (sham) continue
          replica.contested = false
          ctx.missChallenge(replica.job.id, verifier, now, 'challenge window closed')
          continue
        }
        // A leaf an honest game already slashed takes no more games; nothing left to shield.
        if (sham && replica.state !== 'committed') continue
        batch.open++
        ctx.submit(
          { kind: 'openGame', verifier, batchId: batch.id, leafIndex: replica.leafIndex },
          (receipt) => {
            if (sham && !receipt.ok) {
              // Slashed earlier in the same block: the colluder's attempt simply fails.
              batch.open--
              ctx.tallies.verificationGas += receipt.gasUsed
              return
            }
            expectOk(receipt, now)
            const opened = receipt.events.find((e) => e.kind === 'GameOpened')
            if (opened?.kind !== 'GameOpened')
              throw new BaseError(`challenge of job ${replica.job.id} opened no game`)
            if (sham) ctx.counts.sham_games++
            else {
              ctx.counts.games++
              ctx.counts.disputes++
            }
            // A coalition host answers a sham game: it wins it by the challenger's timeout.
            const abandoned =
              !sham &&
              isBad(replica) &&
              bernoulli(ctx.rng.stream(`host-${replica.host}`, 'abandon'), spec.hosts.abandonRate)
            const game: Game = {
              id: opened.gameId,
              replica,
              verifier,
              agree,
              lo: 0,
              hi: opened.layers,
              turn: opened.layers <= 1 ? 'referee' : 'host',
              movedAt: now,
              abandoned,
              sham,
              busy: false,
            }
            games.set(game.id, game)
            if (sham) ctx.trace({ t: now, type: 'sham', game: game.id, job: replica.job.id, verifier })
            else ctx.trace({ t: now, type: 'challenge', dispute: game.id, job: replica.job.id, verifier })
            onGameEvents(game, receipt.events, now)
          },
        )
      }

      for (const game of games.values()) {
        if (game.busy) continue
        const mid = Math.floor((game.lo + game.hi) / 2)
        if (game.turn === 'host') {
          if (!game.abandoned) submitGameCall(game, { kind: 'reveal', gameId: game.id, layer: mid }, now)
          else if (now >= game.movedAt + spec.protocol.moveTimeout) {
            submitGameCall(game, { kind: 'timeoutGame', gameId: game.id }, now)
          }
        } else if (game.turn === 'challenger' && game.sham) {
          if (now >= game.movedAt + spec.protocol.moveTimeout) {
            submitGameCall(game, { kind: 'timeoutGame', gameId: game.id }, now)
          }
        } else if (game.turn === 'challenger') {
          // The challenger agrees with checkpoint `mid` iff its own re-execution matched it.
          const agree = game.agree[mid - 1] === true
          submitGameCall(game, { kind: 'respond', gameId: game.id, agree }, now)
        } else if (game.verdict && now >= game.movedAt + spec.protocol.refereeTimeout) {
          // The referee would rule past its deadline: the game is void instead.
          submitGameCall(game, { kind: 'timeoutGame', gameId: game.id }, now)
          game.verdict = undefined
        } else if (game.verdict) {
          submitGameCall(game, { kind: 'resolveGame', gameId: game.id, refereeDigest: game.verdict }, now)
          game.verdict = undefined
        } else {
          // The referee re-executes exactly the narrowed layer; its verdict goes into a later block.
          game.busy = true
          const layer = game.hi
          ctx.refereeLayer(game.replica, layer, now, (check) => {
            const digests = (game.replica.output as { layerDigests: Hex[] }).layerDigests
            const hostDigest = digests[layer - 1] as Hex
            game.busy = false
            game.verdict = check.agree ? hostDigest : otherDigest(hostDigest)
          })
        }
      }
    },
    busy: () => checking > 0 || toOpen.length > 0 || games.size > 0,
    ready: () => true,
  }
}
