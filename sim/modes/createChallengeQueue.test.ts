import { describe, expect, it } from 'vitest'
import { createRecorder } from '../createRecorder.ts'
import type { ModeContext } from '../createRunContext.ts'
import { createStrategies } from '../createStrategies.ts'
import { commitAll, hostOf, replicaOf } from '../fixtures/replicas.ts'
import { specOf } from '../fixtures/simulate.ts'
import { createRngStreams } from '../rngStreams.ts'
import type { TraceEvent } from '../traceEvent.ts'
import { toUnits } from '../units.ts'
import { createChallengeQueue } from './createChallengeQueue.ts'

// The queue reads the spec and writes the books; nothing else of the run.
const contextOf = () => {
  const spec = specOf({ 'protocol.challengeWindow': 60 })
  const trace: TraceEvent[] = []
  const hosts = [hostOf()]
  const record = createRecorder({
    spec,
    hosts,
    verifiers: [],
    honestFlops: 1,
    trace: (e) => trace.push(e),
    staked: () => {},
  })
  const unused = () => {
    throw new Error('the challenge queue must not use this')
  }
  const ctx: ModeContext = {
    spec,
    requesterFees: [],
    rng: createRngStreams(1, 0),
    hosts,
    verifiers: [],
    honestFlops: 1,
    generationOf: () => null,
    record,
    strategies: createStrategies(spec, createRngStreams(1, 0), hosts, [], () => ({
      honest: 0,
      cheat: 0,
      check: 0,
    })),
    trace: (e) => trace.push(e),
    jobCompute: unused,
    submit: unused,
    check: unused,
    refereeCompare: unused,
    refereeLayer: unused,
  }
  return { ctx, trace, record }
}

describe('createChallengeQueue', () => {
  it('queues a finding against a committed result once, and contests it until its block', () => {
    const { ctx } = contextOf()
    const queue = createChallengeQueue<string>(ctx)
    const replica = replicaOf(1, 0, true)
    const batch = commitAll(4, 100, [replica])
    queue.raise(0, replica, 120, 'first')
    queue.raise(1, replica, 121, 'second')
    expect(replica.stage).toMatchObject({ state: 'committed', contested: true })
    expect(queue.size()).toBe(1)
    expect(queue.take(126)).toEqual([
      { verifier: 0, replica, sham: false, data: 'first', batch, leafIndex: 0, output: expect.anything() },
    ])
    expect(queue.size()).toBe(0)
  })

  it('counts a finding against a final result as missed, and drops one against a slashed result silently', () => {
    const { ctx, record, trace } = contextOf()
    const queue = createChallengeQueue<null>(ctx)
    const [final, slashed] = [replicaOf(1, 0, true), replicaOf(2, 0, true)]
    const batch = commitAll(4, 0, [final, slashed])
    record.slash(
      {
        kind: 'Slashed',
        cause: { dispute: 1 },
        host: 0,
        amount: toUnits(1),
        toChallenger: 0n,
        burned: 0n,
        refunded: 0n,
      },
      slashed,
      30,
    )
    record.payout(batch, 0n, 60)
    queue.raise(1, final, 70, null)
    queue.raise(1, slashed, 70, null)
    expect(queue.size()).toBe(0)
    expect(record.counts.missed_challenges).toBe(1)
    expect(trace.filter((e) => e.type === 'missed')).toEqual([
      { t: 70, type: 'missed', job: 1, verifier: 1, reason: 'result already final' },
    ])
  })

  it('at a block past the challenge window, counts the finding missed and frees the result', () => {
    const { ctx, record, trace } = contextOf()
    const queue = createChallengeQueue<null>(ctx)
    const replica = replicaOf(3, 0, true)
    commitAll(4, 100, [replica])
    queue.raise(2, replica, 159, null)
    expect(queue.take(160)).toEqual([])
    expect(replica.stage).toMatchObject({ state: 'committed', contested: false })
    expect(record.counts.missed_challenges).toBe(1)
    expect(trace).toEqual([
      { t: 160, type: 'missed', job: 3, verifier: 2, reason: 'challenge window closed' },
    ])
  })

  it('queues a colluder’s sham finding without contesting the result; a late sham lapses uncounted', () => {
    const { ctx, record } = contextOf()
    const queue = createChallengeQueue<null>(ctx)
    const replica = replicaOf(3, 0, true)
    commitAll(4, 100, [replica])
    queue.raise(0, replica, 110, null, true)
    queue.raise(1, replica, 110, null)
    expect(replica.stage).toMatchObject({ contested: true })
    expect(queue.take(120).map((f) => f.sham)).toEqual([true, false])
    queue.raise(0, replica, 170, null, true)
    expect(queue.take(170)).toEqual([])
    expect(record.counts.missed_challenges).toBe(0)
  })
})
