import { describe, expect, it } from 'vitest'
import { commitAll, OUTPUT, replicaOf } from './fixtures/replicas.ts'
import { moveReplica } from './moveReplica.ts'

describe('moveReplica', () => {
  it('takes a replica from running to committed to settled, keeping where it sits on chain', () => {
    const replica = replicaOf(7, 2)
    const batch = commitAll(3, 10, [replicaOf(6, 2)])
    moveReplica(replica, { state: 'committed', batch, leafIndex: 1, output: OUTPUT, contested: false })
    moveReplica(replica, { state: 'settled', outcome: 'final', batch, leafIndex: 1, output: OUTPUT })
    expect(replica.stage).toMatchObject({
      state: 'settled',
      outcome: 'final',
      leafIndex: 1,
      batch: { id: 3 },
    })
  })

  it('refuses to settle a result twice, or one never committed, naming the job and host', () => {
    const settled = replicaOf(7, 2)
    const batch = commitAll(3, 10, [settled])
    moveReplica(settled, { state: 'settled', outcome: 'slashed', batch, leafIndex: 0, output: OUTPUT })
    expect(() =>
      moveReplica(settled, { state: 'settled', outcome: 'final', batch, leafIndex: 0, output: OUTPUT }),
    ).toThrow('replica of job 7 on host 2 cannot go from settled to settled (final)')
    expect(() =>
      moveReplica(replicaOf(8, 1), {
        state: 'settled',
        outcome: 'refunded',
        batch,
        leafIndex: 0,
        output: OUTPUT,
      }),
    ).toThrow('replica of job 8 on host 1 cannot go from running to settled (refunded)')
  })

  it('drops only a result not yet committed, and a dropped one goes nowhere', () => {
    const committed = replicaOf(1, 0)
    const batch = commitAll(1, 0, [committed])
    expect(() => moveReplica(committed, { state: 'dropped' })).toThrow('from committed to dropped')
    const dropped = replicaOf(2, 0)
    moveReplica(dropped, { state: 'dropped' })
    expect(() =>
      moveReplica(dropped, { state: 'committed', batch, leafIndex: 0, output: OUTPUT, contested: false }),
    ).toThrow('from dropped to committed')
  })
})
