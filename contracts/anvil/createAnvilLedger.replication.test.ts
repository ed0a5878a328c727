import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallReceipt, JobLeaf, LedgerCall } from '../../sim/index.ts'
import { digest, E, expectAllOk, freshLedger, only, testParams } from '../fixtures/ledgerFixture.ts'
import { createRpcClient, type RpcClient } from './createRpcClient.ts'
import { type AnvilHandle, startAnvil } from './startAnvil.ts'

const params = testParams
const model = digest('model')
const fee = E / 10n
const slash = (100n * E * 250_000n) / 1_000_000n
const toReferee = (slash * 400_000n) / 1_000_000n
const referee = { role: 'referee', index: 0 } as const
const requester = { role: 'requester', index: 0 } as const

let anvil: AnvilHandle
let rpc: RpcClient

beforeAll(async () => {
  anvil = await startAnvil({ timestamp: 1_000_000 })
  rpc = createRpcClient(anvil.rpcUrl)
})

afterAll(async () => {
  await anvil?.stop()
})

const leaf = (jobId: number, answer: string): JobLeaf => ({
  jobId,
  requester: 0,
  fee,
  resultDigest: digest(`job ${jobId} answer ${answer}`),
})

/**
 * `hosts` staked hosts; host h commits one batch (batch id h) with a leaf per job of `answers`,
 * answering `answers[job][h]`. Returns the fixture and the settle call's entries for a job.
 */
async function replicated(hosts: number, answers: Record<number, string[]>) {
  const fixture = await freshLedger(rpc, { hosts })
  const { mine } = fixture
  const stakes = Array.from(
    { length: hosts - 1 },
    (_, h): LedgerCall => ({ kind: 'stake', host: h + 1, amount: 100n * E }),
  )
  expectAllOk((await mine(1, ...stakes)).receipts)
  const jobIds = Object.keys(answers).map(Number)
  const commits = Array.from(
    { length: hosts },
    (_, h): LedgerCall => ({
      kind: 'commit',
      host: h,
      modelHash: model,
      leaves: jobIds.map((job) => leaf(job, answers[job]?.[h] ?? 'none')),
    }),
  )
  expectAllOk((await mine(1, ...commits)).receipts)
  const entries = (job: number, hostIds: readonly number[]) =>
    hostIds.map((h) => ({ batchId: h, leafIndex: jobIds.indexOf(job) }))
  return { ...fixture, entries }
}

const settle = (
  jobId: number,
  entries: { batchId: number; leafIndex: number }[],
  inMajority: boolean[],
): LedgerCall => ({
  kind: 'settleReplication',
  jobId,
  entries,
  inMajority,
})

describe('replication', () => {
  it('slashes exactly the minority of a strict majority, paying the referee the challenger share', async () => {
    const { ledger, mine, entries } = await replicated(5, {
      42: ['a', 'b', 'a', 'a', 'a'],
      43: ['c', 'd', 'c', 'e', 'c'],
    })
    const stakesBefore = await Promise.all(
      [0, 1, 2, 3, 4].map((h) => ledger.balances({ role: 'host', index: h })),
    )
    const refereeBefore = await ledger.balances(referee)
    const escrowBefore = (await ledger.balances(requester)).escrow
    const three = only(await mine(1, settle(42, entries(42, [0, 1, 2]), [true, false, true])))
    expect(three.events).toEqual([
      {
        kind: 'Slashed',
        cause: { vote: 42 },
        host: 1,
        amount: slash,
        toChallenger: toReferee,
        burned: slash - toReferee,
        refunded: fee,
      },
      { kind: 'ReplicationSettled', jobId: 42, consensus: true, slashed: [1], refunded: fee },
    ])
    const five = only(
      await mine(1, settle(43, entries(43, [0, 1, 2, 3, 4]), [true, false, true, false, true])),
    )
    // Host 1 was slashed once already: a quarter of what is left.
    const second = ((100n * E - slash) * 250_000n) / 1_000_000n
    expect(five.events).toEqual([
      expect.objectContaining({ kind: 'Slashed', cause: { vote: 43 }, host: 1, amount: second }),
      expect.objectContaining({ kind: 'Slashed', cause: { vote: 43 }, host: 3, amount: slash }),
      { kind: 'ReplicationSettled', jobId: 43, consensus: true, slashed: [1, 3], refunded: 2n * fee },
    ])
    const stakesAfter = await Promise.all(
      [0, 1, 2, 3, 4].map((h) => ledger.balances({ role: 'host', index: h })),
    )
    const lost = stakesBefore.map((b, h) => b.stake - (stakesAfter[h]?.stake ?? 0n))
    expect(lost).toEqual([0n, slash + second, 0n, slash, 0n])
    const shares = toReferee + (second * 400_000n) / 1_000_000n + toReferee
    expect((await ledger.balances(referee)).credit).toBe(refereeBefore.credit + shares)
    expect((await ledger.balances(requester)).escrow).toBe(escrowBefore + 3n * fee)

    // Majority hosts keep their fees: after the window each batch pays what was not refunded.
    const paid = await mine(
      params.challengeWindow,
      ...[0, 1, 2, 3, 4].map((b): LedgerCall => ({ kind: 'finalize', batchId: b })),
    )
    expect(paid.receipts.map((r) => (r.events[0]?.kind === 'Finalized' ? r.events[0].paid : -1n))).toEqual([
      2n * fee,
      0n,
      2n * fee,
      fee,
      2n * fee,
    ])
  })

  it('slashes nobody and refunds every fee without a strict majority', async () => {
    const { ledger, mine, entries } = await replicated(3, { 7: ['a', 'b', 'x'], 8: ['a', 'b', 'c'] })
    const stakesBefore = await Promise.all([0, 1, 2].map((h) => ledger.balances({ role: 'host', index: h })))
    const escrowBefore = (await ledger.balances(requester)).escrow
    const block = await mine(
      1,
      settle(7, entries(7, [0, 1]), [true, false]),
      settle(8, entries(8, [0, 1, 2]), [false, false, false]),
    )
    expect(block.receipts.map((r) => r.events)).toEqual([
      [{ kind: 'ReplicationSettled', jobId: 7, consensus: false, slashed: [], refunded: 2n * fee }],
      [{ kind: 'ReplicationSettled', jobId: 8, consensus: false, slashed: [], refunded: 3n * fee }],
    ])
    const stakesAfter = await Promise.all([0, 1, 2].map((h) => ledger.balances({ role: 'host', index: h })))
    expect(stakesAfter).toEqual(stakesBefore)
    expect((await ledger.balances(requester)).escrow).toBe(escrowBefore + 5n * fee)
    expect(await ledger.burned()).toBe(0n)
  })

  it('settles a leaf once, and a settled leaf can no longer be challenged or gamed', async () => {
    const { mine, entries } = await replicated(3, { 5: ['a', 'b', 'a'], 6: ['a', 'a', 'a'] })
    expect(only(await mine(1, settle(5, entries(5, [0, 1, 2]), [true, false, true]))).ok).toBe(true)
    const block = await mine(
      1,
      settle(5, entries(5, [0, 1, 2]), [true, false, true]),
      // Dispute host 2's copy of job 6 first: a disputed leaf cannot be settled either.
      { kind: 'challenge', verifier: 0, batchId: 2, leafIndex: 1, claimedDigest: digest('x') },
      settle(6, entries(6, [0, 1, 2]), [true, true, true]),
      { kind: 'challenge', verifier: 0, batchId: 0, leafIndex: 0, claimedDigest: digest('x') },
      { kind: 'openGame', verifier: 0, batchId: 1, leafIndex: 0 },
    )
    expect(block.receipts.map((r) => r.error?.replace(/\(.*/, ''))).toEqual([
      'LeafAlreadyTouched',
      undefined,
      'LeafAlreadyTouched',
      'LeafAlreadyTouched',
      'LeafAlreadyTouched',
    ])
  })

  it('takes a verdict only from the referee, over distinct hosts, one job, inside the window', async () => {
    const { mine, sendAs, entries } = await replicated(3, { 1: ['a', 'a', 'a'], 2: ['b', 'b', 'b'] })
    expect((await sendAs({ role: 'verifier', index: 0 }, 'settleReplication', [1, [], []])).error).toMatch(
      /^NotReferee\(0x/,
    )
    // Host 0 commits job 1 a second time, in batch 3: one host, one vote.
    expect(
      only(await mine(1, { kind: 'commit', host: 0, modelHash: model, leaves: [leaf(1, 'z')] })).ok,
    ).toBe(true)
    const block = await mine(
      1,
      settle(1, [...entries(1, [0, 1]), { batchId: 0, leafIndex: 1 }], [true, true, true]),
      settle(1, [...entries(1, [1, 0]), { batchId: 3, leafIndex: 0 }], [true, true, true]),
      settle(1, entries(1, [0, 1, 2]), [true, true]),
      settle(1, [], []),
      settle(1, [{ batchId: 9, leafIndex: 0 }], [true]),
    )
    expect(block.receipts.map((r) => r.error)).toEqual([
      'WrongJob(2, 2)',
      expect.stringMatching(/^DuplicateHost\(0x/),
      'LengthMismatch(3, 2)',
      'NoEntries()',
      'UnknownBatch(9)',
    ])
    const late = only(
      await mine(params.challengeWindow, settle(2, entries(2, [0, 1, 2]), [true, true, true])),
    )
    expect(late.error).toMatch(/^ChallengeWindowClosed\(0, /)
  })

  it('costs a bounded amount of gas for three hosts', async () => {
    const { mine, entries } = await replicated(3, {
      1: ['a', 'b', 'a'],
      2: ['a', 'b', 'c'],
      3: ['a', 'a', 'a'],
    })
    const block = await mine(
      1,
      settle(1, entries(1, [0, 1, 2]), [true, false, true]),
      settle(2, entries(2, [0, 1, 2]), [false, false, false]),
      settle(3, entries(3, [0, 1, 2]), [true, true, true]),
    )
    expectAllOk(block.receipts)
    const gas = block.receipts.map((r: CallReceipt) => Number(r.gasUsed))
    expect(gas[0]).toBeLessThan(200_000)
    expect(gas[1]).toBeLessThan(200_000)
    expect(gas[2]).toBeLessThan(150_000)
  })
})
