import { BaseError } from '../../errors/index.ts'
import type { ModeContext } from '../createRunContext.ts'
import { findEvent } from '../findEvent.ts'
import type { CompareResult, Hex, LedgerCall, LedgerEvent } from '../ports.ts'
import { bernoulli } from '../rngStreams.ts'
import { type Batch, isBad, otherDigest, type Replica, uncontest } from '../runState.ts'
import { createChallengeQueue } from './createChallengeQueue.ts'
import { createHostTests } from './createHostTests.ts'
import { afterCheck, decideCheck } from './decideCheck.ts'
import { inOutage } from './inOutage.ts'
import type { ModeHandler } from './types.ts'

type Game = {
  id: number
  replica: Replica
  /** The batch holding the replica: a game keeps it from finalizing while open. */
  batch: Batch
  /** The checkpoint digests the host committed, which the referee's verdict is compared with. */
  layerDigests: Hex[]
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
export function createOptimisticMode(ctx: ModeContext): ModeHandler {
  const { spec } = ctx
  // What each finding keeps: the challenger's own comparison, checkpoint by checkpoint.
  const toOpen = createChallengeQueue<boolean[]>(ctx)
  const tests = createHostTests(ctx)
  const games = new Map<number, Game>()
  let checking = 0
  const verification = { verification: true }

  const onGameEvents = (game: Game, events: LedgerEvent[], now: number) => {
    for (const event of events) {
      if (event.kind === 'GameMoved' && event.gameId === game.id) {
        Object.assign(game, { lo: event.lo, hi: event.hi, turn: event.turn, movedAt: now })
      } else if (event.kind === 'Slashed' && 'game' in event.cause && event.cause.game === game.id) {
        ctx.record.slash(event, game.replica, now)
      } else if (event.kind === 'GameVoided' && event.gameId === game.id) {
        games.delete(game.id)
        const { replica } = game
        game.batch.open--
        if (!game.sham) uncontest(replica)
        ctx.record.expired(now, 'game', game.id, replica.job.id)
      } else if (event.kind === 'GameResolved' && event.gameId === game.id) {
        games.delete(game.id)
        const { replica } = game
        game.batch.open--
        ctx.record.gameResolved(event, game.sham)
        if (!game.sham && !event.hostLost) uncontest(replica)
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
    ctx.submit(
      call,
      `a ${call.kind} at t=${now}s`,
      (receipt) => {
        game.busy = false
        onGameEvents(game, receipt.events, now)
      },
      verification,
    )
  }

  return {
    replicas: 1,
    commitLayers: true,
    compareOutputs: false,
    computeFactor: 1,
    onCommitted(replica, now) {
      for (let v = 0; v < spec.verifiers.count; v++) {
        // Decided first, so an outage leaves every watcher's draws where they would be without it.
        if (!decideCheck(ctx, v, spec.protocol.watchProbability) || inOutage(spec, now)) continue
        checking++
        ctx.check(v, replica, now, (result: CompareResult, at) => {
          checking--
          // A result is wrong when any checkpoint is out of tolerance, not only the last one.
          const agree = result.agree.every(Boolean)
          ctx.trace({ t: at, type: 'check', job: replica.job.id, verifier: v, match: agree })
          if (ctx.generationOf(replica.job.model)) tests.observe(replica, result, at, false)
          const shielded = afterCheck(ctx, v, replica, !agree)
          if (!agree) toOpen.raise(v, replica, at, result.agree, shielded)
        })
      }
    },
    beforeMine(now) {
      for (const { verifier, replica, data: agree, sham, batch, leafIndex, output } of toOpen.take(now)) {
        batch.open++
        const call = { kind: 'openGame', verifier, batchId: batch.id, leafIndex } as const
        ctx.submit(
          call,
          `a ${call.kind} at t=${now}s`,
          (receipt) => {
            const opened = findEvent(receipt, 'GameOpened')
            if (!opened) throw new BaseError(`challenge of job ${replica.job.id} opened no game`)
            ctx.record.gameOpened(sham)
            // A coalition host answers a sham game: it wins it by the challenger's timeout.
            const abandoned =
              !sham &&
              isBad(replica) &&
              bernoulli(ctx.rng.stream(`host-${replica.host}`, 'abandon'), spec.hosts.abandonRate)
            const game: Game = {
              id: opened.gameId,
              replica,
              batch,
              layerDigests: output.layerDigests,
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
          {
            ...verification,
            // Slashed earlier in the same block: the colluder's attempt simply fails.
            ...(sham ? { onReject: () => batch.open-- } : {}),
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
          // A decoder's chunks are not chained as layers are: a padded chunk after a bad one still
          // matches, so the challenger agrees only with a checkpoint whose whole prefix matched,
          // and the game narrows to the first bad chunk.
          const agree = ctx.generationOf(game.replica.job.model)
            ? game.agree.slice(0, mid).every(Boolean)
            : game.agree[mid - 1] === true
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
            const hostDigest = game.layerDigests[layer - 1] as Hex
            game.busy = false
            game.verdict = check.agree ? hostDigest : otherDigest(hostDigest)
          })
        }
      }
    },
    busy: () => checking > 0 || toOpen.size() > 0 || games.size > 0,
    ready: () => true,
  }
}
