import type { ModeContext } from '../createRunContext.ts'
import { isFinal, type Placement, placementOf, type Replica, uncontest } from '../runState.ts'

export type Finding<T> = {
  verifier: number
  replica: Replica
  /** A colluding watcher's challenge of its own coalition's result, made to shield it. */
  sham: boolean
  /** What the mode keeps with the finding (the checker's own comparison, say). */
  data: T
}

export type ChallengeQueue<T> = {
  /**
   * Checker `verifier` found `replica` wrong at `now`. A result already final is a missed
   * challenge; one otherwise settled, or already contested, takes no second challenge; a sham
   * finding is queued without contesting the result.
   */
  raise(verifier: number, replica: Replica, now: number, data: T, sham?: boolean): void
  /**
   * The findings to put on chain in the block at `now`, each with where its result sits. Those
   * whose challenge window has closed by now are missed challenges instead (shams just lapse).
   */
  take(now: number): (Finding<T> & Placement)[]
  /** Findings waiting for the next block. */
  size(): number
}

/**
 * Where a checker's finding becomes a challenge, or a missed one: the single place that decides
 * whether a fault can still be proven (the result is still committed and its window open) for
 * sampling's disputes, attested modes' disputes and optimistic games alike.
 */
export function createChallengeQueue<T>(ctx: ModeContext): ChallengeQueue<T> {
  const waiting: Finding<T>[] = []
  return {
    raise(verifier, replica, now, data, sham = false) {
      if (isFinal(replica)) ctx.record.missed(replica.job.id, verifier, now, 'result already final')
      const { stage } = replica
      if (stage.state !== 'committed') return
      if (!sham) {
        if (stage.contested) return
        stage.contested = true
      }
      waiting.push({ verifier, replica, sham, data })
    },
    take(now) {
      const open: (Finding<T> & Placement)[] = []
      for (const finding of waiting.splice(0)) {
        const { replica, sham, verifier } = finding
        const { batch, leafIndex, output } = placementOf(replica)
        if (now >= batch.committedAt + ctx.spec.protocol.challengeWindow) {
          if (sham) continue
          // The checker finished after the window closed: the fault can no longer be proven.
          uncontest(replica)
          ctx.record.missed(replica.job.id, verifier, now, 'challenge window closed')
          continue
        }
        // A leaf an honest challenge already slashed takes no more; nothing is left to shield.
        if (sham && replica.stage.state !== 'committed') continue
        open.push({ ...finding, batch, leafIndex, output })
      }
      return open
    },
    size: () => waiting.length,
  }
}
