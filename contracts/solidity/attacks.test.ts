import { getAddress } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hex } from '../../sim/index.ts'
import {
  actor,
  type Batch,
  baseParams,
  batchOf,
  digest,
  E,
  field,
  job,
  LeafState,
  minUnbondingDelay,
  type Outcome,
  type RawChain,
  type RawParams,
  type RawProtocol,
  startRawChain,
  sumEvents,
  Turn,
} from '../fixtures/rawProtocol.ts'

/**
 * The attacks of issue 12, each as the call sequence that proved it on the old contract, asserting
 * the safe outcome. Every test deploys its own protocol on one shared anvil.
 */

const LAYERS = 4
const model = digest('model')
const bond = baseParams.challengeBond

let chain: RawChain
beforeAll(async () => {
  chain = await startRawChain()
})
afterAll(async () => {
  await chain?.stop()
})

let serial = 0

/**
 * A protocol with one 4-layer model, two verifiers (one honest, one colluding with the host), a
 * host staked 100 ETH and a requester with 10 ETH of escrow that ordered `ordered` jobs from
 * the host at 1 ETH each. Actors get fresh addresses per test.
 */
async function world(params: RawParams = baseParams, ordered = 5) {
  const tag = `${serial++}`
  const named = (s: string) => actor(`${s} ${tag}`)
  const owner = named('owner')
  const referee = named('referee')
  const host = named('host')
  const requester = named('requester')
  const honest = named('honest')
  const colluder = named('colluder')
  const stranger = named('stranger')
  await chain.fund(host, requester, honest, colluder, stranger)
  const { protocol } = await chain.deploy(params, { owner, referee })
  if (!protocol) throw new Error('deploy failed')
  const p = protocol
  const setup = await p.block([
    { from: owner, fn: 'registerModel', args: [model, 1_000_000, LAYERS] },
    { from: owner, fn: 'addVerifier', args: [honest] },
    { from: owner, fn: 'addVerifier', args: [colluder] },
    { from: host, fn: 'stake', args: [], value: 100n * E },
    { from: requester, fn: 'deposit', args: [], value: 10n * E },
    ...(ordered > 0 ? [{ from: requester, fn: 'order', args: [[host], [ordered], E] }] : []),
  ])
  expect(setup.filter((o) => !o.ok).map((o) => `${o.fn}: ${o.error}`)).toEqual([])
  const accounts = [owner, referee, host, requester, honest, colluder, stranger]
  return {
    p,
    owner,
    referee,
    host,
    requester,
    honest,
    colluder,
    stranger,
    accounts,
    /** Commit `jobs` of the requester by `from` (the host by default), all counted for the requester. */
    async commit(
      jobs: ReturnType<typeof job>[],
      from: Hex = host,
      payer: Hex = requester,
    ): Promise<[Batch, Outcome]> {
      const b = batchOf(payer, jobs)
      const out = await p.call(from, 'commit', [model, b.root, jobs.length, [payer], [jobs.length]])
      return [b, out]
    },
    async conserved(extra: readonly Hex[] = []) {
      const c = await p.conservation([...accounts, ...extra])
      expect(c.contract).toBe(c.owed)
    },
  }
}

type World = Awaited<ReturnType<typeof world>>

const stakeOf = async (p: RawProtocol, h: Hex) => (await p.view('stakeOf', [h]))[0] as bigint
const escrowOf = async (p: RawProtocol, r: Hex) => (await p.view('escrowOf', [r]))[0] as bigint
const creditOf = async (p: RawProtocol, a: Hex) => (await p.view('credits', [a]))[0] as bigint
const leafStateOf = async (p: RawProtocol, batchId: number, leaf: Hex) =>
  BigInt((await p.view('leafState', [batchId, leaf]))[0])
const idOf = (o: Outcome, event: string, key: string) => {
  const e = o.events.find((x) => x.name === event)
  if (!e) throw new Error(`${o.fn} emitted no ${event}: ${o.error}`)
  return Number(e.args.getValue(key))
}
const slashAmount = (stake: bigint) => (stake * BigInt(baseParams.slashFractionPpm)) / 1_000_000n
const toChallenger = (stake: bigint) =>
  (slashAmount(stake) * BigInt(baseParams.challengerSharePpm)) / 1_000_000n

/**
 * Play game `gameId` on leaf `i` of `b` to the end as an honest challenger against the host's
 * committed digests, then let the referee re-execute the disputed layer. Returns the verdict.
 */
async function playHonestly(
  w: World,
  b: Batch,
  i: number,
  gameId: number,
  challenger: Hex,
  referee = w.referee,
): Promise<Outcome> {
  const { p } = w
  const spec = b.job(i)
  for (;;) {
    const g = await p.view('games', [gameId])
    const lo = Number(field(g, 'lo'))
    const hi = Number(field(g, 'hi'))
    const turn = field(g, 'turn')
    const mid = Math.floor((lo + hi) / 2)
    if (turn === Turn.Host) {
      await p.must(w.host, 'reveal', [gameId, mid, spec.committed[mid - 1], b.checkpointProof(i, mid)])
    } else if (turn === Turn.Challenger) {
      await p.must(challenger, 'respond', [gameId, spec.committed[mid - 1] === spec.truth[mid - 1]])
    } else if (turn === Turn.Referee) {
      return p.must(referee, 'resolveGame', [gameId, spec.truth[hi - 1]])
    } else throw new Error(`game ${gameId} is closed`)
  }
}

describe('issue 12, attack 1: a stranger cannot take a requester escrow', () => {
  it('refuses a commit the requester never ordered, from a stranger or another host, and beyond the order', async () => {
    const w = await world()
    const { p, requester, stranger, host } = w
    await p.must(stranger, 'stake', [], 1n * E)
    // The reproducer: a root that opens no leaf, the victim's whole escrow as the fee.
    const theft = await p.call(stranger, 'commit', [model, digest('no leaves'), 1, [requester], [1]])
    expect(theft.error).toMatch(/^NotOrdered\(/)
    expect(theft.error).toContain(`, 0, 1)`)
    expect(await escrowOf(p, requester)).toBe(10n * E)

    // An order for the host does not let another host charge it.
    const [, other] = await w.commit([job(1, E, LAYERS)], stranger)
    expect(other.error).toMatch(/^NotOrdered\(/)
    // Counts beyond the order are refused: 5 ordered, 6 committed.
    const six = Array.from({ length: 6 }, (_, k) => job(10 + k, E, LAYERS))
    const [, beyond] = await w.commit(six)
    expect(beyond.error).toMatch(/^NotOrdered\(.*, 5, 6\)$/)
    // Counts that do not add up to the job count are refused.
    const mismatch = await p.call(host, 'commit', [model, digest('r'), 3, [requester], [2]])
    expect(mismatch.error).toBe('JobCountMismatch(3, 2)')
    expect(await escrowOf(p, requester)).toBe(10n * E)

    // After the window the stranger's stake is all it ever had and the escrow is whole.
    await chain.mine(baseParams.challengeWindow)
    expect(await escrowOf(p, requester)).toBe(10n * E)
    await w.conserved()
  })

  it('charges count x the ordered fee, uses the order up, and lets the fee change only then', async () => {
    const w = await world(baseParams, 0)
    const { p, requester, host } = w
    const ordered = await p.call(requester, 'order', [[host], [3], E / 4n])
    expect(ordered.events.map((e) => e.name)).toEqual(['Ordered'])
    const [b, first] = await w.commit([job(1, E / 4n, LAYERS), job(2, E / 4n, LAYERS)])
    expect(first.ok, first.error).toBe(true)
    expect(await escrowOf(p, requester)).toBe(10n * E - E / 2n)
    expect(field(await p.view('batches', [0]), 'fees')).toBe(E / 2n)
    const order = await p.view('orders', [requester, host])
    expect([field(order, 'fee'), field(order, 'jobs')]).toEqual([E / 4n, 1n])
    // Another fee while a job remains is refused; a zero fee or count too.
    const change = await p.call(requester, 'order', [[host], [1], E])
    expect(change.error).toMatch(/^OrderFeeMismatch\(.*, 250000000000000000, 1000000000000000000\)$/)
    expect((await p.call(requester, 'order', [[host], [1], 0])).error).toBe('ZeroAmount()')
    expect((await p.call(requester, 'order', [[host], [0], E])).error).toBe('ZeroAmount()')
    expect((await p.call(requester, 'order', [[host], [1, 2], E])).error).toMatch(/^LengthMismatch\(/)
    // The last job at the old fee, then a new fee.
    const [, last] = await w.commit([job(3, E / 4n, LAYERS)])
    expect(last.ok, last.error).toBe(true)
    expect((await p.call(requester, 'order', [[host], [2], E])).ok).toBe(true)
    const [, again] = await w.commit([job(4, E, LAYERS)])
    expect(again.ok, again.error).toBe(true)
    expect(await escrowOf(p, requester)).toBe(10n * E - (3n * E) / 4n - E)
    // The host is paid for the first batch after its window, as a credit.
    await chain.mine(baseParams.challengeWindow)
    const fin = await p.call(w.stranger, 'finalize', [0])
    expect(sumEvents([fin], 'Finalized', 'paid')).toBe(E / 2n)
    expect(await creditOf(p, host)).toBe(E / 2n)
    expect(field(await p.view('batches', [0]), 'root')).toBe(BigInt(b.root))
    await w.conserved()
  })
})

describe('issue 12, attack 2: a sham game does not shield a bad leaf', () => {
  it('lets the honest verifier open its own game in the same block as the sham one, win it and slash in full', async () => {
    const w = await world()
    const { p, host, honest, colluder, requester } = w
    const [b] = await w.commit([job(1, E, LAYERS, LAYERS)])
    const leaf = b.leaf(0)
    const [sham, real] = await p.block([
      { from: colluder, fn: 'openGame', args: [0, leaf, b.proof(0)], value: bond },
      { from: honest, fn: 'openGame', args: [0, leaf, b.proof(0)], value: bond },
    ])
    expect(sham?.ok, sham?.error).toBe(true)
    expect(real?.ok, real?.error).toBe(true)
    const shamId = idOf(sham as Outcome, 'GameOpened', 'gameId')
    const realId = idOf(real as Outcome, 'GameOpened', 'gameId')
    // Opening games does not move the leaf out of Untouched.
    expect(await leafStateOf(p, 0, b.hash(0))).toBe(LeafState.Untouched)
    // The host answers the sham game; the colluder never responds.
    await p.must(host, 'reveal', [shamId, 2, b.job(0).committed[1], b.checkpointProof(0, 2)])
    const stake0 = await stakeOf(p, host)
    const verdict = await playHonestly(w, b, 0, realId, honest)
    const slashed = sumEvents([verdict], 'Slashed', 'amount')
    expect(slashed).toBe(slashAmount(stake0))
    expect(await stakeOf(p, host)).toBe(stake0 - slashAmount(stake0))
    expect(await creditOf(p, honest)).toBe(toChallenger(stake0) + bond)
    expect(await leafStateOf(p, 0, b.hash(0))).toBe(LeafState.Slashed)
    // The colluder lets its time run out: it loses its bond, half to the host, half burned.
    await chain.mine(baseParams.moveTimeout)
    const timeout = await p.call(w.stranger, 'timeoutGame', [shamId])
    expect(timeout.ok, timeout.error).toBe(true)
    expect(sumEvents([timeout], 'GameResolved', 'bondToHost')).toBe(bond / 2n)
    expect(sumEvents([timeout], 'GameResolved', 'bondBurned')).toBe(bond / 2n)
    expect(await creditOf(p, colluder)).toBe(0n)
    // The job's fee went back to the requester; the batch pays nothing.
    await chain.mine(baseParams.challengeWindow)
    const fin = await p.call(w.stranger, 'finalize', [0])
    expect(fin.ok, fin.error).toBe(true)
    expect(sumEvents([fin], 'Finalized', 'paid')).toBe(0n)
    expect(await escrowOf(p, requester)).toBe(10n * E)
    await w.conserved()
  })

  it('leaves the leaf challengeable after the host wins a sham game', async () => {
    const w = await world()
    const { p, host, honest, colluder } = w
    const [b] = await w.commit([job(1, E, LAYERS, LAYERS)])
    const sham = await p.must(colluder, 'openGame', [0, b.leaf(0), b.proof(0)], bond)
    const shamId = idOf(sham, 'GameOpened', 'gameId')
    await p.must(host, 'reveal', [shamId, 2, b.job(0).committed[1], b.checkpointProof(0, 2)])
    await chain.mine(baseParams.moveTimeout)
    const lost = await p.must(host, 'timeoutGame', [shamId])
    expect(lost.events.find((e) => e.name === 'GameResolved')?.args.getValue('hostLost')).toBe(false)
    expect(await leafStateOf(p, 0, b.hash(0))).toBe(LeafState.Untouched)
    // The sampling path is open too (and not taken here); the game path wins the slash.
    const stake0 = await stakeOf(p, host)
    const real = await p.must(honest, 'openGame', [0, b.leaf(0), b.proof(0)], bond)
    const verdict = await playHonestly(w, b, 0, idOf(real, 'GameOpened', 'gameId'), honest)
    expect(sumEvents([verdict], 'Slashed', 'amount')).toBe(slashAmount(stake0))
    await w.conserved()
  })
})

describe('issue 12, attack 3: requester escrow can be withdrawn', () => {
  it('pays escrow back after the delay, not before, jobs in flight first', async () => {
    const w = await world()
    const { p, requester } = w
    expect((await p.call(requester, 'requestEscrowWithdrawal', [11n * E])).error).toMatch(
      /^InsufficientEscrow\(.*, 10000000000000000000, 11000000000000000000\)$/,
    )
    expect((await p.call(requester, 'withdrawEscrow', [])).error).toBe('NothingToWithdraw()')
    const asked = await p.must(requester, 'requestEscrowWithdrawal', [10n * E])
    const availableAt = BigInt(chain.now()) + BigInt(baseParams.unbondingDelay)
    expect(
      asked.events.find((e) => e.name === 'EscrowWithdrawalRequested')?.args.getValue('availableAt'),
    ).toBe(availableAt)
    // A job ordered earlier is committed meanwhile and comes out of the escrow first.
    const [, inFlight] = await w.commit([job(1, E, LAYERS)])
    expect(inFlight.ok, inFlight.error).toBe(true)
    await chain.mine(baseParams.unbondingDelay - 10)
    expect((await p.call(requester, 'withdrawEscrow', [])).error).toBe(`UnbondingNotOver(${availableAt})`)
    await chain.mine(10)
    const wallet0 = await chain.balance(requester)
    const out = await p.must(requester, 'withdrawEscrow', [])
    expect(sumEvents([out], 'EscrowWithdrawn', 'amount')).toBe(9n * E)
    expect((await chain.balance(requester)) - wallet0).toBe(9n * E)
    expect(await escrowOf(p, requester)).toBe(0n)
    expect((await p.call(requester, 'withdrawEscrow', [])).error).toBe('NothingToWithdraw()')
    await w.conserved()
  })

  it('replaces an earlier escrow withdrawal request with a later one', async () => {
    const w = await world()
    const { p, requester } = w
    await p.must(requester, 'requestEscrowWithdrawal', [5n * E])
    await chain.mine(baseParams.unbondingDelay / 2)
    await p.must(requester, 'requestEscrowWithdrawal', [2n * E])
    const availableAt = chain.now() + baseParams.unbondingDelay
    // The first request's time has come, but it was replaced.
    await chain.mine(baseParams.unbondingDelay / 2)
    expect((await p.call(requester, 'withdrawEscrow', [])).error).toBe(`UnbondingNotOver(${availableAt})`)
    await chain.mine(availableAt - chain.now())
    const out = await p.must(requester, 'withdrawEscrow', [])
    expect(sumEvents([out], 'EscrowWithdrawn', 'amount')).toBe(2n * E)
    expect(await escrowOf(p, requester)).toBe(8n * E)
    await w.conserved()
  })

  it('makes the refund of a slashed job withdrawable', async () => {
    const w = await world()
    const { p, requester, honest, referee } = w
    const [b] = await w.commit([job(1, E, LAYERS, LAYERS)])
    expect(await escrowOf(p, requester)).toBe(9n * E)
    const d = await p.must(honest, 'challenge', [0, b.leaf(0), b.proof(0), b.job(0).truth[3]], bond)
    const res = await p.must(referee, 'resolve', [idOf(d, 'DisputeOpened', 'disputeId'), b.job(0).truth[3]])
    expect(sumEvents([res], 'Slashed', 'refunded')).toBe(E)
    expect(await escrowOf(p, requester)).toBe(10n * E)
    await p.must(requester, 'requestEscrowWithdrawal', [10n * E])
    await chain.mine(baseParams.unbondingDelay)
    const wallet0 = await chain.balance(requester)
    await p.must(requester, 'withdrawEscrow', [])
    expect((await chain.balance(requester)) - wallet0).toBe(10n * E)
    await w.conserved()
  })
})

describe('issue 12, attack 4: a host cannot unbond out of a slash', () => {
  it('refuses an unbonding delay shorter than window + longest game + referee, naming the parameter', async () => {
    const owner = actor('owner params')
    const referee = actor('referee params')
    const refuse = async (params: RawParams) => (await chain.deploy(params, { owner, referee })).outcome.error
    // The reproducer's parameters: window 100 s, delay 50 s.
    expect(await refuse({ ...baseParams, unbondingDelay: 50 })).toBe('InvalidParams(unbondingDelay)')
    expect(await refuse({ ...baseParams, unbondingDelay: minUnbondingDelay(baseParams) - 1 })).toBe(
      'InvalidParams(unbondingDelay)',
    )
    expect(await refuse({ ...baseParams, moveTimeout: 0 })).toBe('InvalidParams(moveTimeout)')
    expect(await refuse({ ...baseParams, refereeTimeout: 0 })).toBe('InvalidParams(refereeTimeout)')
    expect(await refuse({ ...baseParams, slashFractionPpm: 1_000_001 })).toBe(
      'InvalidParams(slashFractionPpm)',
    )
    expect(await refuse({ ...baseParams, challengerSharePpm: 1_000_001 })).toBe(
      'InvalidParams(challengerSharePpm)',
    )
    expect(await refuse({ ...baseParams, bondToWinnerPpm: 1_000_001 })).toBe('InvalidParams(bondToWinnerPpm)')
    const exact = await chain.deploy(
      { ...baseParams, unbondingDelay: minUnbondingDelay(baseParams) },
      { owner, referee },
    )
    expect(exact.outcome.ok, exact.outcome.error).toBe(true)
    expect((await exact.protocol?.view('refereeTimeout'))?.[0]).toBe(BigInt(baseParams.refereeTimeout))
  })

  it('refuses withdraw while a dispute against the host is open, even past its delay', async () => {
    const w = await world()
    const { p, host, honest } = w
    const [b] = await w.commit([job(1, E, LAYERS, LAYERS)])
    await p.must(host, 'requestUnstake', [100n * E])
    const d = await p.must(honest, 'challenge', [0, b.leaf(0), b.proof(0), b.job(0).truth[3]], bond)
    // Nobody resolves or expires the dispute; the delay and the window pass.
    await chain.mine(baseParams.unbondingDelay)
    const blocked = await p.call(host, 'withdraw', [])
    expect(blocked.error).toBe(`OpenCases(${getAddress(host)}, 1)`)
    await p.must(w.stranger, 'expireDispute', [idOf(d, 'DisputeOpened', 'disputeId')])
    const out = await p.must(host, 'withdraw', [])
    expect(sumEvents([out], 'Withdrawn', 'amount')).toBe(100n * E)
    await w.conserved()
  })

  it('refuses withdraw while a game is open and until its latest batch deadline; a timely slash lands first', async () => {
    const w = await world()
    const { p, host, honest } = w
    await p.must(host, 'requestUnstake', [99n * E])
    await chain.mine(baseParams.unbondingDelay - 10)
    // A bad leaf committed 10 s before the delay ends: its window outlasts the delay.
    const [b] = await w.commit([job(1, E, LAYERS, LAYERS)])
    const deadline = field(await p.view('batches', [0]), 'deadline')
    const g = await p.must(honest, 'openGame', [0, b.leaf(0), b.proof(0)], bond)
    await chain.mine(12)
    // Past the delay (inside the host's move time), with the game and the window both open: either refusal is right.
    expect((await p.call(host, 'withdraw', [])).error).toMatch(/^(OpenCases\(.*, 1\)|CommitmentsOpen\()/)
    const stake0 = await stakeOf(p, host)
    const verdict = await playHonestly(w, b, 0, idOf(g, 'GameOpened', 'gameId'), honest)
    expect(sumEvents([verdict], 'Slashed', 'amount')).toBe(slashAmount(stake0))
    // The case is closed, the batch window is not.
    expect((await p.call(host, 'withdraw', [])).error).toBe(`CommitmentsOpen(${deadline})`)
    await chain.mine(Number(deadline) - chain.now())
    const out = await p.must(host, 'withdraw', [])
    // The slash came out of the unbonding part too: the host leaves with what remains.
    expect(sumEvents([out], 'Withdrawn', 'amount')).toBe(stake0 - slashAmount(stake0))
    await w.conserved()
  })

  it('refuses withdraw before the latest batch deadline even with nothing open', async () => {
    const w = await world()
    const { p, host } = w
    await p.must(host, 'requestUnstake', [50n * E])
    await chain.mine(baseParams.unbondingDelay - 10)
    await w.commit([job(1, E, LAYERS)])
    const deadline = field(await p.view('batches', [0]), 'deadline')
    await chain.mine(10)
    expect((await p.call(host, 'withdraw', [])).error).toBe(`CommitmentsOpen(${deadline})`)
    await chain.mine(Number(deadline) - chain.now())
    expect((await p.call(host, 'withdraw', [])).ok).toBe(true)
  })
})

describe('issue 12, attack 5: a payee that refuses ETH freezes nothing', () => {
  it('lands a verdict for a Rejecter verifier and keeps its credit claimable only by itself', async () => {
    const w = await world()
    const { p, owner, referee, host, requester } = w
    const deployer = actor(`deployer ${serial}`)
    const rejecter = await chain.deployRejecter(deployer)
    await p.must(owner, 'addVerifier', [rejecter])
    // One bad job, one honest one the host is paid for.
    const [b] = await w.commit([job(1, E, LAYERS, LAYERS), job(2, E, LAYERS)])
    const [d] = await p.block([
      {
        from: deployer,
        via: rejecter,
        fn: 'challenge',
        args: [0, b.leaf(0), b.proof(0), b.job(0).truth[3]],
        value: bond,
      },
    ])
    expect(d?.ok, d?.error).toBe(true)
    const stake0 = await stakeOf(p, host)
    const res = await p.call(referee, 'resolve', [0, b.job(0).truth[3]])
    expect(res.ok, res.error).toBe(true)
    expect(await stakeOf(p, host)).toBe(stake0 - slashAmount(stake0))
    expect(await creditOf(p, rejecter)).toBe(toChallenger(stake0) + bond)
    await chain.mine(baseParams.challengeWindow)
    expect((await p.call(w.stranger, 'finalize', [0])).ok).toBe(true)
    // The Rejecter's claim fails for itself only; its credit stays, and the host claims its fee.
    const [claim] = await p.block([{ from: deployer, via: rejecter, fn: 'claim', args: [] }])
    expect(claim?.ok).toBe(false)
    expect(await creditOf(p, rejecter)).toBe(toChallenger(stake0) + bond)
    const wallet0 = await chain.balance(host)
    const paid = await p.must(host, 'claim', [])
    expect(sumEvents([paid], 'Claimed', 'amount')).toBe(E)
    expect((await chain.balance(host)) - wallet0).toBe(E)
    expect((await p.call(requester, 'claim', [])).error).toBe('NothingToClaim()')
    await w.conserved([rejecter])
  })

  it('lands game verdicts and finalize for a Rejecter host and a Rejecter challenger', async () => {
    const w = await world(baseParams, 0)
    const { p, owner, requester, honest } = w
    const deployer = actor(`deployer ${serial}`)
    const [rejHost, rejVerifier] = [
      await chain.deployRejecter(deployer),
      await chain.deployRejecter(deployer),
    ]
    await p.must(owner, 'addVerifier', [rejVerifier])
    await p.block([
      { from: deployer, via: rejHost, fn: 'stake', args: [], value: 50n * E },
      { from: requester, fn: 'order', args: [[rejHost], [2], E] },
    ])
    const b = batchOf(requester, [job(1, E, LAYERS), job(2, E, LAYERS, LAYERS)])
    const [commit] = await p.block([
      { from: deployer, via: rejHost, fn: 'commit', args: [model, b.root, 2, [requester], [2]] },
    ])
    expect(commit?.ok, commit?.error).toBe(true)
    // An honest verifier loses a game on the honest leaf: the host's bond share is a credit.
    const lost = await p.must(honest, 'openGame', [0, b.leaf(0), b.proof(0)], bond)
    const lostId = idOf(lost, 'GameOpened', 'gameId')
    // The Rejecter challenger wins a game on the bad leaf.
    const [won] = await p.block([
      { from: deployer, via: rejVerifier, fn: 'openGame', args: [0, b.leaf(1), b.proof(1)], value: bond },
    ])
    const wonId = idOf(won as Outcome, 'GameOpened', 'gameId')
    const move = async (gameId: number, leaf: number, challenger: Hex, via?: Hex) => {
      const spec = b.job(leaf)
      for (;;) {
        const g = await p.view('games', [gameId])
        const [lo, hi, turn] = [Number(field(g, 'lo')), Number(field(g, 'hi')), field(g, 'turn')]
        const mid = Math.floor((lo + hi) / 2)
        const call =
          turn === Turn.Host
            ? {
                from: deployer,
                via: rejHost,
                fn: 'reveal',
                args: [gameId, mid, spec.committed[mid - 1], b.checkpointProof(leaf, mid)],
              }
            : turn === Turn.Challenger
              ? {
                  from: challenger,
                  via,
                  fn: 'respond',
                  args: [gameId, spec.committed[mid - 1] === spec.truth[mid - 1]],
                }
              : { from: w.referee, fn: 'resolveGame', args: [gameId, spec.truth[hi - 1]] }
        const [out] = await p.block([call])
        expect(out?.ok, out?.error).toBe(true)
        if (turn === Turn.Referee) return out as Outcome
      }
    }
    const hostWon = await move(lostId, 0, honest)
    expect(sumEvents([hostWon], 'GameResolved', 'bondToHost')).toBe(bond / 2n)
    const stake0 = await stakeOf(p, rejHost)
    const hostLost = await move(wonId, 1, deployer, rejVerifier)
    expect(sumEvents([hostLost], 'Slashed', 'amount')).toBe(slashAmount(stake0))
    expect(await creditOf(p, rejVerifier)).toBe(toChallenger(stake0) + bond)
    await chain.mine(baseParams.challengeWindow)
    const fin = await p.call(w.stranger, 'finalize', [0])
    expect(fin.ok, fin.error).toBe(true)
    expect(await creditOf(p, rejHost)).toBe(bond / 2n + E)
    const [claim] = await p.block([{ from: deployer, via: rejHost, fn: 'claim', args: [] }])
    expect(claim?.ok).toBe(false)
    expect(await creditOf(p, rejHost)).toBe(bond / 2n + E)
    await w.conserved([rejHost, rejVerifier])
  })

  it('lands a replication verdict for a Rejecter referee, whose share stays a credit', async () => {
    const w = await world(baseParams, 0)
    const { p, owner, requester } = w
    const deployer = actor(`deployer ${serial}`)
    const rejReferee = await chain.deployRejecter(deployer)
    const hosts = [w.host, actor(`h1 ${serial}`), actor(`h2 ${serial}`)]
    await chain.fund(...hosts)
    await p.must(owner, 'setReferee', [rejReferee])
    await p.block([
      ...hosts.slice(1).map((h) => ({ from: h, fn: 'stake', args: [], value: 100n * E })),
      { from: requester, fn: 'order', args: [hosts, [1, 1, 1], E] },
    ])
    const batches = hosts.map((_, k) => batchOf(requester, [job(7, E, LAYERS, k === 2 ? LAYERS : 0)]))
    const commits = await p.block(
      hosts.map((h, k) => ({
        from: h,
        fn: 'commit',
        args: [model, (batches[k] as Batch).root, 1, [requester], [1]],
      })),
    )
    expect(commits.filter((c) => !c.ok).map((c) => c.error)).toEqual([])
    const stake0 = await stakeOf(p, hosts[2] as Hex)
    const entries = batches.map((b, k) => [k, b.leaf(0), b.proof(0)])
    const [settle] = await p.block([
      { from: deployer, via: rejReferee, fn: 'settleReplication', args: [7, entries, [true, true, false]] },
    ])
    expect(settle?.ok, settle?.error).toBe(true)
    expect(await stakeOf(p, hosts[2] as Hex)).toBe(stake0 - slashAmount(stake0))
    expect(await creditOf(p, rejReferee)).toBe(toChallenger(stake0))
    const [claim] = await p.block([{ from: deployer, via: rejReferee, fn: 'claim', args: [] }])
    expect(claim?.ok).toBe(false)
    await w.conserved([rejReferee, ...hosts])
  })
})

describe('issue 12, also', () => {
  it('prices a sampling dispute: no bond is refused, a rejected dispute forfeits it', async () => {
    const w = await world()
    const { p, host, honest, referee } = w
    const [b] = await w.commit([job(1, E, LAYERS)])
    const free = await p.call(honest, 'challenge', [0, b.leaf(0), b.proof(0), digest('lie')])
    expect(free.error).toBe(`WrongBond(0, ${bond})`)
    const d = await p.must(honest, 'challenge', [0, b.leaf(0), b.proof(0), digest('lie')], bond)
    expect(await leafStateOf(p, 0, b.hash(0))).toBe(LeafState.Disputed)
    const burned0 = (await p.view('totalBurned'))[0] as bigint
    const res = await p.must(referee, 'resolve', [
      idOf(d, 'DisputeOpened', 'disputeId'),
      b.job(0).committed[3],
    ])
    expect(res.events.map((e) => e.name)).toContain('DisputeRejected')
    expect(await creditOf(p, host)).toBe(bond / 2n)
    expect(await creditOf(p, honest)).toBe(0n)
    expect((await p.view('totalBurned'))[0]).toBe(burned0 + bond / 2n)
    expect(await leafStateOf(p, 0, b.hash(0))).toBe(LeafState.Settled)
    await w.conserved()
  })

  it('gives the referee a deadline on disputes: resolve refused after it, expiry voids the case', async () => {
    const w = await world()
    const { p, host, honest, referee, colluder } = w
    const [b] = await w.commit([job(1, E, LAYERS, LAYERS)])
    const d = await p.must(honest, 'challenge', [0, b.leaf(0), b.proof(0), b.job(0).truth[3]], bond)
    const id = idOf(d, 'DisputeOpened', 'disputeId')
    const openedAt = chain.now()
    const deadline = openedAt + baseParams.refereeTimeout
    expect((await p.call(colluder, 'expireDispute', [id])).error).toBe(
      `RefereeTimeNotOver(${id}, ${deadline})`,
    )
    await chain.mine(deadline - chain.now() - 1)
    const late = await p.call(referee, 'resolve', [id, b.job(0).truth[3]])
    expect(late.error).toBe(`RefereeTimedOut(${id}, ${deadline})`)
    const stake0 = await stakeOf(p, host)
    const wallet0 = await chain.balance(honest)
    const expired = await p.must(colluder, 'expireDispute', [id])
    expect(expired.events.map((e) => e.name)).toEqual(['DisputeExpired'])
    expect(await creditOf(p, honest)).toBe(bond)
    expect(await stakeOf(p, host)).toBe(stake0)
    expect(await leafStateOf(p, 0, b.hash(0))).toBe(LeafState.Untouched)
    // The leaf is challengeable again inside its window, and the claim pays the bond back.
    const again = await p.must(honest, 'challenge', [0, b.leaf(0), b.proof(0), b.job(0).truth[3]], bond)
    const res = await p.must(referee, 'resolve', [
      idOf(again, 'DisputeOpened', 'disputeId'),
      b.job(0).truth[3],
    ])
    expect(sumEvents([res], 'Slashed', 'amount')).toBe(slashAmount(stake0))
    await p.must(honest, 'claim', [])
    // Credited: the first bond back, then share + bond; paid: the second bond.
    expect((await chain.balance(honest)) - wallet0).toBe(toChallenger(stake0) + bond)
    await w.conserved()
  })

  it('voids a game whose referee lets its deadline pass: bond back, no slash, leaf re-challengeable', async () => {
    const w = await world()
    const { p, host, honest, referee } = w
    const [b] = await w.commit([job(1, E, LAYERS, LAYERS)])
    const g = await p.must(honest, 'openGame', [0, b.leaf(0), b.proof(0)], bond)
    const id = idOf(g, 'GameOpened', 'gameId')
    const spec = b.job(0)
    await p.must(host, 'reveal', [id, 2, spec.committed[1], b.checkpointProof(0, 2)])
    await p.must(honest, 'respond', [id, true])
    await p.must(host, 'reveal', [id, 3, spec.committed[2], b.checkpointProof(0, 3)])
    await p.must(honest, 'respond', [id, true])
    expect(field(await p.view('games', [id]), 'turn')).toBe(Turn.Referee)
    const early = await p.call(w.stranger, 'timeoutGame', [id])
    expect(early.ok).toBe(false)
    await chain.mine(baseParams.refereeTimeout)
    expect((await p.call(referee, 'resolveGame', [id, spec.truth[3]])).error).toMatch(/^RefereeTimedOut\(/)
    const stake0 = await stakeOf(p, host)
    const voided = await p.must(w.stranger, 'timeoutGame', [id])
    expect(voided.events.map((e) => e.name)).toContain('GameVoided')
    expect(voided.events.map((e) => e.name)).not.toContain('Slashed')
    expect(await creditOf(p, honest)).toBe(bond)
    expect(await stakeOf(p, host)).toBe(stake0)
    expect(await leafStateOf(p, 0, b.hash(0))).toBe(LeafState.Untouched)
    const again = await p.must(honest, 'openGame', [0, b.leaf(0), b.proof(0)], bond)
    const verdict = await playHonestly(w, b, 0, idOf(again, 'GameOpened', 'gameId'), honest)
    expect(sumEvents([verdict], 'Slashed', 'amount')).toBe(slashAmount(stake0))
    await w.conserved()
  })

  it('makes role changes explicit: removeVerifier and setReferee emit events and take effect', async () => {
    const w = await world()
    const { p, owner, host, honest, colluder, referee, stranger } = w
    const [b] = await w.commit([job(1, E, LAYERS, LAYERS), job(2, E, LAYERS, LAYERS)])
    const g = await p.must(colluder, 'openGame', [0, b.leaf(0), b.proof(0)], bond)
    const id = idOf(g, 'GameOpened', 'gameId')
    expect((await p.call(stranger, 'removeVerifier', [colluder])).error).toMatch(/^NotOwner\(/)
    expect((await p.call(owner, 'removeVerifier', [stranger])).error).toMatch(/^UnknownVerifier\(/)
    const removed = await p.must(owner, 'removeVerifier', [colluder])
    expect(removed.events.map((e) => e.name)).toEqual(['VerifierRemoved'])
    expect((await p.view('isVerifier', [colluder]))[0]).toBe(false)
    expect((await p.call(colluder, 'openGame', [0, b.leaf(1), b.proof(1)], bond)).error).toMatch(
      /^NotVerifier\(/,
    )
    expect(
      (await p.call(colluder, 'challenge', [0, b.leaf(1), b.proof(1), digest('x')], bond)).error,
    ).toMatch(/^NotVerifier\(/)
    // Its open game continues: the host reveals, the removed verifier still answers.
    await p.must(host, 'reveal', [id, 2, b.job(0).committed[1], b.checkpointProof(0, 2)])
    expect((await p.call(colluder, 'respond', [id, true])).ok).toBe(true)

    const next = actor(`next referee ${serial}`)
    await chain.fund(next)
    expect((await p.call(stranger, 'setReferee', [next])).error).toMatch(/^NotOwner\(/)
    const changed = await p.must(owner, 'setReferee', [next])
    const event = changed.events.find((e) => e.name === 'RefereeChanged')
    expect(String(event?.args.getValue('previous')).toLowerCase()).toBe(referee.toLowerCase())
    expect(String(event?.args.getValue('next')).toLowerCase()).toBe(next.toLowerCase())
    const d = await p.must(honest, 'challenge', [0, b.leaf(1), b.proof(1), b.job(1).truth[3]], bond)
    const disputeId = idOf(d, 'DisputeOpened', 'disputeId')
    expect((await p.call(referee, 'resolve', [disputeId, b.job(1).truth[3]])).error).toMatch(/^NotReferee\(/)
    expect((await p.call(next, 'resolve', [disputeId, b.job(1).truth[3]])).ok).toBe(true)
    await w.conserved([next])
  })

  it('never slashes one leaf twice: dispute, game, vote and a second resolve are refused (reproducer G)', async () => {
    const w = await world()
    const { p, honest, colluder, referee } = w
    const [b] = await w.commit([job(9, E, LAYERS, LAYERS)])
    const leaf = b.leaf(0)
    const d = await p.must(honest, 'challenge', [0, leaf, b.proof(0), digest('x')], bond)
    const id = idOf(d, 'DisputeOpened', 'disputeId')
    await p.must(referee, 'resolve', [id, b.job(0).truth[3]])
    expect((await p.call(colluder, 'challenge', [0, leaf, b.proof(0), digest('y')], bond)).error).toMatch(
      /^LeafAlreadyTouched\(/,
    )
    expect((await p.call(colluder, 'openGame', [0, leaf, b.proof(0)], bond)).error).toMatch(
      /^LeafAlreadyTouched\(/,
    )
    expect((await p.call(referee, 'resolve', [id, b.job(0).truth[3]])).error).toBe(`DisputeClosed(${id})`)
    expect((await p.call(referee, 'settleReplication', [9, [[0, leaf, b.proof(0)]], [false]])).ok).toBe(false)
    await w.conserved()
  })

  it('pays a second winning game on an already slashed leaf its bond back, with no second slash', async () => {
    const w = await world()
    const { p, host, honest, colluder } = w
    const [b] = await w.commit([job(1, E, LAYERS, LAYERS)])
    const [first, second] = await p.block([
      { from: honest, fn: 'openGame', args: [0, b.leaf(0), b.proof(0)], value: bond },
      { from: colluder, fn: 'openGame', args: [0, b.leaf(0), b.proof(0)], value: bond },
    ])
    const stake0 = await stakeOf(p, host)
    const v1 = await playHonestly(w, b, 0, idOf(first as Outcome, 'GameOpened', 'gameId'), honest)
    expect(sumEvents([v1], 'Slashed', 'amount')).toBe(slashAmount(stake0))
    const v2 = await playHonestly(w, b, 0, idOf(second as Outcome, 'GameOpened', 'gameId'), colluder)
    expect(v2.events.map((e) => e.name)).not.toContain('Slashed')
    expect(await stakeOf(p, host)).toBe(stake0 - slashAmount(stake0))
    expect(await creditOf(p, colluder)).toBe(bond)
    expect(await creditOf(p, honest)).toBe(toChallenger(stake0) + bond)
    await w.conserved()
  })
})
