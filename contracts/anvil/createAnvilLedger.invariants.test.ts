import { Interface } from 'ethers'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  AccountRef,
  CallReceipt,
  Hex,
  LedgerCall,
  LedgerEvent,
  ProtocolParams,
} from '../../sim/index.ts'
import { digest, E, freshLedger, type LedgerFixture, testParams } from '../fixtures/ledgerFixture.ts'
import { deriveAccountAddress } from '../ledger/deriveAccountAddress.ts'
import { buildCheckpointTree } from '../merkle/buildCheckpointTree.ts'
import { compileProtocol } from '../solidity/compileProtocol.ts'
import { createRpcClient, type RpcClient } from './createRpcClient.ts'
import { requireAll } from './requireAll.ts'
import { type AnvilHandle, startAnvil } from './startAnvil.ts'

/**
 * Random sequences of protocol calls, from the right and the wrong accounts, against a real chain;
 * after every block the money must add up. The test keeps just enough of its own record (batches,
 * disputes, games and their intervals) to aim most calls at something that exists.
 */

const HOSTS = 3
const params: ProtocolParams = { ...testParams, challengeWindow: 60, moveTimeout: 10, unbondingDelay: 430 }
const models: [Hex, number][] = [
  [digest('four layers'), 4],
  [digest('one layer'), 1],
]

type Leaf = { jobId: number; truth: Hex[]; committed: Hex[] }
type Batch = { id: number; host: number; deadline: number; leaves: Leaf[] }
type Game = { batchId: number; leafIndex: number; lo: number; hi: number; turn: string }

const small = (max: number) => fc.nat({ max })
const often = <T>(usual: T, rare: T) => fc.constantFrom(usual, usual, usual, rare)
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary })
const action = fc.oneof(
  weighted(
    2,
    fc.record({ t: fc.constant('stake'), host: small(HOSTS - 1), amount: fc.integer({ min: 1, max: 30 }) }),
  ),
  weighted(
    1,
    fc.record({ t: fc.constant('deposit'), requester: small(1), amount: fc.integer({ min: 1, max: 20 }) }),
  ),
  weighted(
    5,
    fc.record({
      t: fc.constant('commit'),
      host: small(HOSTS - 1),
      model: small(1),
      requester: small(1),
      jobs: fc.array(fc.record({ job: small(3), fee: small(3), fault: small(4) }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  ),
  // `open` aims at a batch still inside its window; verifier 1 was never added.
  weighted(
    2,
    fc.record({
      t: fc.constant('challenge'),
      verifier: often(0, 1),
      batch: small(9),
      leaf: small(3),
      open: often(true, false),
    }),
  ),
  weighted(2, fc.record({ t: fc.constant('resolve'), dispute: small(9), truthful: fc.boolean() })),
  weighted(
    4,
    fc.record({
      t: fc.constant('openGame'),
      verifier: often(0, 1),
      batch: small(9),
      leaf: small(3),
      open: often(true, false),
    }),
  ),
  // The right next move of a game, whoever's turn it is (a dishonest challenger or referee with
  // `honest` false); the three calls after it also make moves out of turn or at the wrong layer.
  weighted(10, fc.record({ t: fc.constant('move'), game: small(9), honest: often(true, false) })),
  weighted(2, fc.record({ t: fc.constant('reveal'), game: small(9), offset: fc.constantFrom(0, 0, 1, -1) })),
  weighted(
    2,
    fc.record({ t: fc.constant('respond'), game: small(9), honest: fc.boolean(), agree: fc.boolean() }),
  ),
  weighted(1, fc.record({ t: fc.constant('resolveGame'), game: small(9), truthful: fc.boolean() })),
  weighted(3, fc.record({ t: fc.constant('timeoutGame'), game: small(9) })),
  weighted(2, fc.record({ t: fc.constant('finalize'), batch: small(9) })),
  weighted(
    2,
    fc.record({
      t: fc.constant('settle'),
      job: small(3),
      take: fc.integer({ min: 1, max: 4 }),
      flags: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    }),
  ),
  weighted(
    2,
    fc.record({
      t: fc.constant('requestUnstake'),
      host: small(HOSTS - 1),
      amount: fc.integer({ min: 1, max: 40 }),
    }),
  ),
  // `unbonding` picks a host that asked to unstake, if any.
  weighted(
    2,
    fc.record({ t: fc.constant('withdraw'), host: small(HOSTS - 1), unbonding: often(true, false) }),
  ),
  weighted(
    2,
    fc.record({
      t: fc.constant('impostor'),
      game: small(9),
      move: fc.constantFrom('reveal', 'respond', 'resolveGame'),
      actor: small(HOSTS),
    }),
  ),
  weighted(3, fc.record({ t: fc.constant('wait'), seconds: fc.constantFrom(11, 11, 31, 61) })),
  // Payouts are credits until claimed; a dispute the referee left past its deadline expires.
  weighted(2, fc.record({ t: fc.constant('claim'), who: small(7) })),
  weighted(1, fc.record({ t: fc.constant('expireDispute'), dispute: small(9) })),
)
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never

let anvil: AnvilHandle
let rpc: RpcClient
let iface: Interface

beforeAll(async () => {
  anvil = await startAnvil({ timestamp: 1_000_000 })
  rpc = createRpcClient(anvil.rpcUrl)
  iface = new Interface((await compileProtocol()).abi)
})

afterAll(async () => {
  await anvil?.stop()
})

const hostRefs = Array.from({ length: HOSTS }, (_, index): AccountRef => ({ role: 'host', index }))
const tracked: AccountRef[] = [
  ...hostRefs,
  { role: 'verifier', index: 0 },
  { role: 'verifier', index: 1 },
  { role: 'requester', index: 0 },
  { role: 'requester', index: 1 },
  { role: 'referee', index: 0 },
]

/** Everything the invariants look at, read in two batched round trips. */
async function readChain(fixture: LedgerFixture) {
  const { ledger } = fixture
  const protocol = ledger.protocolAddress() as Hex
  const call = (fn: string, args: readonly unknown[] = []) => ({
    method: 'eth_call',
    params: [{ to: protocol, data: iface.encodeFunctionData(fn, args) }, 'latest'],
  })
  const decode = (fn: string, raw: unknown) => iface.decodeFunctionResult(fn, raw as string)
  const wallets = [...tracked.map((a) => ledger.addressOf(a)), deriveAccountAddress('owner', 0), protocol]
  const first = await requireAll(rpc, [
    ...wallets.map((address) => ({ method: 'eth_getBalance', params: [address, 'latest'] })),
    ...hostRefs.map((h) => call('stakeOf', [ledger.addressOf(h)])),
    ...[0, 1].map((r) => call('escrowOf', [ledger.addressOf({ role: 'requester', index: r })])),
    ...tracked.map((a) => call('credits', [ledger.addressOf(a)])),
    call('totalBurned'),
    call('batchCount'),
    call('gameCount'),
    call('disputeCount'),
  ])
  const balances = first.slice(0, wallets.length).map((b) => BigInt(b as string))
  let at = wallets.length
  const stakes = hostRefs.map(() => decode('stakeOf', first[at++])[0] as bigint)
  const escrows = [0, 1].map(() => decode('escrowOf', first[at++])[0] as bigint)
  const credits = tracked.map(() => decode('credits', first[at++])[0] as bigint)
  const burned = decode('totalBurned', first[at++])[0] as bigint
  const batchCount = Number(decode('batchCount', first[at++])[0])
  const gameCount = Number(decode('gameCount', first[at++])[0])
  const disputeCount = Number(decode('disputeCount', first[at++])[0])
  const second = await requireAll(rpc, [
    ...Array.from({ length: batchCount }, (_, i) => call('batches', [i])),
    ...Array.from({ length: gameCount }, (_, i) => call('games', [i])),
    ...Array.from({ length: disputeCount }, (_, i) => call('disputes', [i])),
  ])
  // Batch field 8 is `fees`, game field 8 is `turn` (0 once closed).
  const fees = second.slice(0, batchCount).map((raw) => decode('batches', raw)[8] as bigint)
  const openGames = second
    .slice(batchCount, batchCount + gameCount)
    .filter((raw) => Number(decode('games', raw)[8]) !== 0).length
  // Dispute field 2 is `open`: an open dispute holds its bond.
  const openDisputes = second
    .slice(batchCount + gameCount)
    .filter((raw) => decode('disputes', raw)[2] === true).length
  return {
    balances,
    stakes,
    escrows,
    credits,
    burned,
    fees,
    openGames,
    openDisputes,
    contract: balances[balances.length - 1] as bigint,
  }
}

type ChainState = Awaited<ReturnType<typeof readChain>>
const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n)

/** The invariants, between the state before and after one block whose receipts are given. */
function checkStep(before: ChainState, after: ChainState, total: bigint, receipts: readonly CallReceipt[]) {
  expect(sum(after.balances)).toBe(total)
  const bonds = BigInt(after.openGames + after.openDisputes) * params.challengeBond
  const owed = sum(after.stakes) + sum(after.escrows) + sum(after.fees) + bonds + sum(after.credits)
  expect(after.contract).toBe(owed + after.burned)
  const events: LedgerEvent[] = receipts.flatMap((r) => r.events)
  for (let h = 0; h < HOSTS; h++) {
    let expected = before.stakes[h] ?? 0n
    for (const e of events) {
      if (e.kind === 'Staked' && e.host === h) expected += e.amount
      if (e.kind === 'Slashed' && e.host === h) expected -= e.amount
      if (e.kind === 'Withdrawn' && e.host === h) expected -= e.amount
    }
    expect(after.stakes[h]).toBe(expected)
  }
  let burned = before.burned
  for (const e of events) {
    if (e.kind === 'Slashed') burned += e.burned
    if (e.kind === 'GameResolved') burned += e.bondBurned
    // A rejected dispute forfeits its bond as a lost game does.
    if (e.kind === 'DisputeRejected') {
      burned += params.challengeBond - (params.challengeBond * BigInt(params.bondToWinnerPpm)) / 1_000_000n
    }
  }
  expect(after.burned).toBe(burned)
}

/** Run one random scenario: translate each action into a call against the record, mine, check. */
async function runScenario(actions: readonly Action[]) {
  const fixture = await freshLedger(rpc, { params, hosts: HOSTS, models })
  const { ledger, mine } = fixture
  let batches: Batch[] = []
  const disputes: { batchId: number; leafIndex: number }[] = []
  const games = new Map<number, Game>()
  const unbonding = new Set<number>()
  const pick = <T>(list: readonly T[], n: number): T | undefined => list[n % Math.max(list.length, 1)]
  // Batches still inside their challenge window (as of the next block).
  const openBatches = () => batches.filter((b) => b.deadline > fixture.now() + 1)
  const leafOf = (batchId: number, leafIndex: number) =>
    batches.find((b) => b.id === batchId)?.leaves[leafIndex]
  const gameAt = (n: number): [number, Game | undefined] => {
    const ids = [...games.keys()]
    // Mostly a known game; when there is none, an id the chain has never seen.
    const id = ids.length > 0 ? (ids[n % ids.length] as number) : n
    return [id, games.get(id)]
  }
  // Every host staked and both requesters funded, so most commits go through.
  await mine(
    1,
    ...hostRefs.slice(1).map((h): LedgerCall => ({ kind: 'stake', host: h.index, amount: 30n * E })),
    { kind: 'deposit', requester: 1, amount: 20n * E },
  )
  let nextJob = 0
  let state = await readChain(fixture)
  const total = sum(state.balances)

  for (const a of actions) {
    let calls: LedgerCall[] = []
    let advance = 1
    let impostor: { from: AccountRef; fn: string; args: unknown[] } | undefined
    switch (a.t) {
      case 'stake':
        calls = [{ kind: 'stake', host: a.host, amount: BigInt(a.amount) * E }]
        break
      case 'deposit':
        calls = [{ kind: 'deposit', requester: a.requester, amount: BigInt(a.amount) * E }]
        break
      case 'commit': {
        const [modelHash, layers] = models[a.model] as [Hex, number]
        const leaves = a.jobs.map(({ job, fee, fault }) => {
          // Job ids repeat across batches (jobs 0..3 of a small pool) so replication has copies.
          const jobId = job + 4 * Math.floor(nextJob / 12)
          const truth = Array.from({ length: layers }, (_, i) => digest(`job ${jobId} layer ${i + 1}`))
          const committed = truth.map((d, i) =>
            fault > 0 && i + 1 >= fault ? digest(`bad ${a.host} ${jobId} ${i}`) : d,
          )
          return { jobId, truth, committed, fee: (BigInt(fee) * E) / 10n }
        })
        nextJob += 1
        calls = [
          {
            kind: 'commit',
            host: a.host,
            modelHash,
            leaves: leaves.map((l) => ({
              jobId: l.jobId,
              requester: a.requester,
              fee: l.fee,
              resultDigest: l.committed[layers - 1] as Hex,
              layerDigests: l.committed,
            })),
          },
        ]
        break
      }
      case 'challenge': {
        const batch = pick(a.open ? openBatches() : batches, a.batch)
        calls = [
          {
            kind: 'challenge',
            verifier: a.verifier,
            batchId: batch?.id ?? a.batch,
            leafIndex: a.leaf % (batch?.leaves.length ?? 3),
            claimedDigest: digest('claim'),
          },
        ]
        break
      }
      case 'resolve': {
        const disputeId = disputes.length > 0 ? a.dispute % disputes.length : a.dispute
        const d = disputes[disputeId]
        const leaf = d && leafOf(d.batchId, d.leafIndex)
        const refereeDigest =
          a.truthful && leaf ? (leaf.truth[leaf.truth.length - 1] as Hex) : digest('other')
        calls = [{ kind: 'resolve', disputeId, refereeDigest }]
        break
      }
      case 'openGame': {
        const batch = pick(a.open ? openBatches() : batches, a.batch)
        calls = [
          {
            kind: 'openGame',
            verifier: a.verifier,
            batchId: batch?.id ?? a.batch,
            leafIndex: a.leaf % (batch?.leaves.length ?? 3),
          },
        ]
        break
      }
      case 'reveal': {
        const [gameId, g] = gameAt(a.game)
        const mid = g ? Math.floor((g.lo + g.hi) / 2) : 1
        calls = [{ kind: 'reveal', gameId, layer: Math.max(0, mid + a.offset) }]
        break
      }
      case 'respond': {
        const [gameId, g] = gameAt(a.game)
        const leaf = g && leafOf(g.batchId, g.leafIndex)
        const mid = g ? Math.floor((g.lo + g.hi) / 2) : 1
        const agree = a.honest && leaf ? leaf.committed[mid - 1] === leaf.truth[mid - 1] : a.agree
        calls = [{ kind: 'respond', gameId, agree }]
        break
      }
      case 'resolveGame': {
        const [gameId, g] = gameAt(a.game)
        const leaf = g && leafOf(g.batchId, g.leafIndex)
        const refereeDigest =
          leaf && g ? ((a.truthful ? leaf.truth : leaf.committed)[g.hi - 1] as Hex) : digest('x')
        calls = [{ kind: 'resolveGame', gameId, refereeDigest }]
        break
      }
      case 'move': {
        const [gameId, g] = gameAt(a.game)
        const leaf = g && leafOf(g.batchId, g.leafIndex)
        const mid = g ? Math.floor((g.lo + g.hi) / 2) : 1
        const fresh = pick(openBatches(), a.game)
        // With no game running, the next move is to open one.
        if (!g && fresh) {
          calls = [
            { kind: 'openGame', verifier: 0, batchId: fresh.id, leafIndex: a.game % fresh.leaves.length },
          ]
        } else if (!g || !leaf || g.turn === 'host') calls = [{ kind: 'reveal', gameId, layer: mid }]
        else if (g.turn === 'challenger') {
          const agree = leaf.committed[mid - 1] === leaf.truth[mid - 1]
          calls = [{ kind: 'respond', gameId, agree: a.honest ? agree : !agree }]
        } else {
          const refereeDigest = (a.honest ? leaf.truth : leaf.committed)[g.hi - 1] as Hex
          calls = [{ kind: 'resolveGame', gameId, refereeDigest }]
        }
        break
      }
      case 'timeoutGame':
        calls = [{ kind: 'timeoutGame', gameId: gameAt(a.game)[0] }]
        break
      case 'finalize':
        calls = [{ kind: 'finalize', batchId: pick(batches, a.batch)?.id ?? a.batch }]
        break
      case 'settle': {
        const jobs = [...new Set(batches.flatMap((b) => b.leaves.map((l) => l.jobId)))]
        const jobId = pick(jobs, a.job) ?? a.job
        const entries = batches
          .flatMap((b) => b.leaves.map((l, leafIndex) => ({ batchId: b.id, leafIndex, jobId: l.jobId })))
          .filter((e) => e.jobId === jobId)
          .slice(0, a.take)
          .map(({ batchId, leafIndex }) => ({ batchId, leafIndex }))
        calls = [{ kind: 'settleReplication', jobId, entries, inMajority: a.flags.slice(0, entries.length) }]
        break
      }
      case 'requestUnstake':
        calls = [{ kind: 'requestUnstake', host: a.host, amount: BigInt(a.amount) * E }]
        break
      case 'claim':
        calls = [{ kind: 'claim', account: tracked[a.who % tracked.length] as AccountRef }]
        break
      case 'expireDispute':
        calls = [{ kind: 'expireDispute', disputeId: a.dispute }]
        break
      case 'withdraw':
        calls = [
          { kind: 'withdraw', host: (a.unbonding ? pick([...unbonding], a.host) : undefined) ?? a.host },
        ]
        break
      case 'impostor': {
        const [gameId, g] = gameAt(a.game)
        const batch = g && batches.find((b) => b.id === g.batchId)
        const leaf = g && leafOf(g.batchId, g.leafIndex)
        const mid = g ? Math.floor((g.lo + g.hi) / 2) : 1
        // Someone who is not the party: another host, or a verifier (the only challenger is
        // verifier 0, so a host or verifier 1 answers for it; a host plays referee).
        const other = ((batch?.host ?? 0) + 1 + (a.actor % (HOSTS - 1))) % HOSTS
        if (a.move === 'reveal') {
          const proof = leaf
            ? buildCheckpointTree(leaf.committed).proof(Math.min(Math.max(mid, 1), leaf.committed.length))
            : []
          const from: AccountRef =
            a.actor === HOSTS ? { role: 'verifier', index: 0 } : { role: 'host', index: other }
          impostor = {
            from,
            fn: 'reveal',
            args: [gameId, mid, leaf?.committed[mid - 1] ?? digest('x'), proof],
          }
        } else if (a.move === 'respond') {
          const from: AccountRef =
            a.actor === HOSTS ? { role: 'verifier', index: 1 } : { role: 'host', index: a.actor }
          impostor = { from, fn: 'respond', args: [gameId, true] }
        } else {
          const from: AccountRef =
            a.actor === HOSTS ? { role: 'verifier', index: 0 } : { role: 'host', index: a.actor }
          impostor = { from, fn: 'resolveGame', args: [gameId, digest('x')] }
        }
        break
      }
      case 'wait':
        advance = a.seconds
        break
    }

    let receipts: CallReceipt[] = []
    if (impostor) {
      const outcome = await fixture.sendAs(impostor.from, impostor.fn, impostor.args)
      expect(outcome.ok, `${impostor.fn} by ${JSON.stringify(impostor.from)} went through`).toBe(false)
    } else {
      receipts = (await mine(advance, ...calls)).receipts
    }
    for (const receipt of receipts) {
      for (const e of receipt.events) record(e, receipt.call)
    }
    const after = await readChain(fixture)
    checkStep(state, after, total, receipts)
    state = after
  }
  await ledger.close()

  function record(e: LedgerEvent, call: LedgerCall) {
    if (e.kind === 'Committed' && call.kind === 'commit') {
      const leaves = call.leaves.map((l) => {
        const layers = l.layerDigests?.length ?? 0
        const truth = Array.from({ length: layers }, (_, i) => digest(`job ${l.jobId} layer ${i + 1}`))
        return { jobId: l.jobId, truth, committed: l.layerDigests ?? [] }
      })
      batches.push({
        id: e.batchId,
        host: call.host,
        deadline: fixture.now() + params.challengeWindow,
        leaves,
      })
    }
    if (e.kind === 'DisputeOpened') disputes[e.disputeId] = { batchId: e.batchId, leafIndex: e.leafIndex }
    if (e.kind === 'GameOpened') {
      const turn = e.layers === 1 ? 'referee' : 'host'
      games.set(e.gameId, { batchId: e.batchId, leafIndex: e.leafIndex, lo: 0, hi: e.layers, turn })
    }
    if (e.kind === 'GameMoved') Object.assign(games.get(e.gameId) ?? {}, { lo: e.lo, hi: e.hi, turn: e.turn })
    if (e.kind === 'GameResolved') games.delete(e.gameId)
    if (e.kind === 'UnstakeRequested') unbonding.add(e.host)
    if (e.kind === 'Withdrawn') unbonding.delete(e.host)
    // A final batch takes no more challenges, games or votes: stop aiming at it.
    if (e.kind === 'Finalized') batches = batches.filter((b) => b.id !== e.batchId)
  }
}

describe('protocol invariants under random calls', () => {
  it('conserves tokens, stays solvent and slashes stake only by Slashed events', async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 20, maxLength: 30 }), runScenario), {
      numRuns: 10,
    })
  })
})
