import { getAddress } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hex } from '../../sim/index.ts'
import {
  actor,
  baseParams,
  batchOf,
  digest,
  E,
  job,
  type Outcome,
  type RawChain,
  type RawParams,
  type RawProtocol,
  startRawChain,
} from '../fixtures/rawProtocol.ts'

/**
 * Protocol.sol's emissions and burn-and-mint (issue 16): the accrual integral against a closed
 * form worked out independently here (a sum over eras in exact rationals), the pro-rata split
 * and its remainder, the reserve running out, who may emit and whom, and the burned share of
 * fees at finality. Every test deploys its own protocol on one shared anvil.
 */

let chain: RawChain
beforeAll(async () => {
  chain = await startRawChain()
})
afterAll(async () => {
  await chain?.stop()
})

type Emission = NonNullable<RawParams['emission']>

/**
 * ⌊∫ rate⌋ from the start over `elapsed` seconds, summed era by era: k whole eras of H seconds at
 * R/2^j, then r seconds at R/2^k, all over the common denominator 2^k. Independent of the
 * contract's 2RH − R(2H − r)/2^k on purpose.
 */
function closedForm(rate: bigint, interval: number, elapsed: number): bigint {
  if (elapsed <= 0) return 0n
  if (interval === 0) return rate * BigInt(elapsed)
  const h = BigInt(interval)
  const k = BigInt(Math.floor(elapsed / interval))
  const r = BigInt(elapsed % interval)
  let numerator = rate * r
  for (let j = 0n; j < k; j++) numerator += rate * h * 2n ** (k - j)
  return numerator / 2n ** k
}

/** A deterministic stream of integers below `n` (tests draw no Math.random). */
function lcg(seed: number): (n: number) => number {
  let s = BigInt(seed)
  return (n) => {
    s = (s * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n
    return Number((s >> 16n) % BigInt(n))
  }
}

let serial = 0

/** A protocol with `emission`, and hosts staked `stakes` (in wei), fresh actors per test. */
async function world(emission: Emission, stakes: readonly bigint[], params: RawParams = baseParams) {
  const tag = `${serial++}`
  const named = (s: string) => actor(`${s} ${tag}`)
  const owner = named('owner')
  const referee = named('referee')
  const stranger = named('stranger')
  const requester = named('requester')
  const hosts = stakes.map((_, i) => named(`host ${i}`))
  await chain.fund(stranger, requester, ...hosts)
  const { protocol, outcome } = await chain.deploy({ ...params, emission }, { owner, referee })
  if (!protocol) throw new Error(`deploy failed: ${outcome.error}`)
  const p = protocol
  const start = Number((await p.view('emissionStart'))[0])
  const staked = await p.block(hosts.map((from, i) => ({ from, fn: 'stake', args: [], value: stakes[i] })))
  expect(staked.filter((o) => !o.ok).map((o) => o.error)).toEqual([])
  const accounts = [owner, referee, stranger, requester, ...hosts]
  return {
    p,
    owner,
    referee,
    stranger,
    requester,
    hosts,
    start,
    async conserved() {
      const c = await p.conservation(accounts)
      expect(c.contract).toBe(c.owed)
    },
  }
}

const reserveOf = async (p: RawProtocol) => (await p.view('emissionReserve'))[0] as bigint
const creditOf = async (p: RawProtocol, a: Hex) => (await p.view('credits', [a]))[0] as bigint
const credited = (o: Outcome) =>
  o.events
    .filter((e) => e.name === 'EmissionCredited')
    .map((e) => [getAddress(e.args.getValue('host') as string), e.args.getValue('amount') as bigint])
const emittedTotal = (o: Outcome) => {
  const e = o.events.find((x) => x.name === 'Emitted')
  if (!e) throw new Error(`${o.fn} emitted no Emitted: ${o.error}`)
  return e.args.getValue('total') as bigint
}

describe('emissionAccrued', () => {
  it('equals the closed form for constant and halving schedules, across every boundary', async () => {
    const schedules: Emission[] = [
      { ratePerSecond: 7n, halvingInterval: 0, burnPpm: 0, reserve: 0n },
      { ratePerSecond: 1_000_003n, halvingInterval: 1, burnPpm: 0, reserve: 0n },
      { ratePerSecond: 3n * E + 1n, halvingInterval: 7, burnPpm: 0, reserve: 0n },
      { ratePerSecond: 2n ** 127n + 12345n, halvingInterval: 86_400, burnPpm: 0, reserve: 0n },
      { ratePerSecond: 999n, halvingInterval: 10, burnPpm: 0, reserve: 0n },
    ]
    const draw = lcg(16)
    for (const s of schedules) {
      const { p, start } = await world(s, [])
      const h = s.halvingInterval
      const offsets = new Set<number>([0, 1, 2])
      if (h > 0) {
        // Each side of the first boundaries, deep eras, and past the 256th halving.
        for (const k of [1, 2, 3, 10, 63, 64, 127, 128, 255, 256, 257, 300]) {
          for (const d of [-1, 0, 1]) offsets.add(k * h + d)
        }
        for (let i = 0; i < 40; i++) offsets.add(draw(h * 20))
      } else {
        for (let i = 0; i < 40; i++) offsets.add(draw(10 ** 9))
      }
      const times = [...offsets].filter((o) => o >= 0).sort((a, b) => a - b)
      const got = await p.views(times.map((o): [string, unknown[]] => ['emissionAccrued', [start + o]]))
      const want = times.map((o) => closedForm(s.ratePerSecond, h, o))
      expect(
        got.map((r) => r[0] as bigint),
        `rate ${s.ratePerSecond}, halving every ${h}`,
      ).toEqual(want)
      // Monotone, and never beyond 2RH under halvings.
      for (let i = 1; i < want.length; i++)
        expect(want[i] as bigint).toBeGreaterThanOrEqual(want[i - 1] as bigint)
      if (h > 0) expect(want.at(-1) as bigint).toBeLessThan(2n * s.ratePerSecond * BigInt(h))
      // Before the start nothing has accrued.
      expect((await p.view('emissionAccrued', [start - 1]))[0]).toBe(0n)
    }
  })
})

describe('emitToHosts', () => {
  it('credits what accrued between emissions, across halvings, pro rata to stake, the remainder kept', async () => {
    const emission: Emission = {
      ratePerSecond: 1_000_001n,
      halvingInterval: 10,
      burnPpm: 0,
      reserve: 10n ** 12n,
    }
    const stakes = [1n * E, 2n * E + 1n, 4n * E + 3n]
    const w = await world(emission, stakes)
    const { p, owner, hosts, start } = w
    const total = stakes.reduce((a, b) => a + b, 0n)
    let last = start
    let reserve = emission.reserve
    const paid = hosts.map(() => 0n)
    // Each emission crosses a different number of boundaries (0, 1, 2, several).
    for (const advance of [3, 9, 15, 47, 1]) {
      const out = await p.call(owner, 'emitToHosts', [hosts], 0n, advance)
      expect(out.ok, out.error).toBe(true)
      const now = chain.now()
      const amount =
        closedForm(emission.ratePerSecond, 10, now - start) -
        closedForm(emission.ratePerSecond, 10, last - start)
      const shares = stakes.map((s) => (amount * s) / total)
      const sum = shares.reduce((a, b) => a + b, 0n)
      expect(credited(out)).toEqual(hosts.map((h, i) => [getAddress(h), shares[i]]))
      expect(emittedTotal(out)).toBe(sum)
      expect(amount - sum).toBeLessThan(BigInt(hosts.length))
      reserve -= sum
      expect(await reserveOf(p)).toBe(reserve)
      shares.forEach((s, i) => {
        paid[i] = (paid[i] as bigint) + s
      })
      last = now
    }
    for (const [i, h] of hosts.entries()) expect(await creditOf(p, h)).toBe(paid[i])
    await w.conserved()
    // Credits are claimed like any other.
    const claim = await p.call(hosts[0] as Hex, 'claim')
    expect(claim.ok, claim.error).toBe(true)
    await w.conserved()
  })

  it('stops at the reserve: what accrued beyond it is forfeit and later emissions credit nothing', async () => {
    const emission: Emission = {
      ratePerSecond: 10n ** 6n,
      halvingInterval: 0,
      burnPpm: 0,
      reserve: 3_500_000n + 7n,
    }
    const w = await world(emission, [1n * E, 1n * E, 1n * E])
    const { p, owner, hosts } = w
    const first = await p.call(owner, 'emitToHosts', [hosts], 0n, 1)
    const accrued = 10n ** 6n * BigInt(chain.now() - w.start)
    expect(accrued).toBeLessThan(emission.reserve)
    expect(emittedTotal(first)).toBe(accrued - (accrued % 3n))
    const second = await p.call(owner, 'emitToHosts', [hosts], 0n, 5)
    const left = emission.reserve - emittedTotal(first)
    expect(emittedTotal(second)).toBe(left - (left % 3n))
    expect(await reserveOf(p)).toBe(left % 3n)
    const third = await p.call(owner, 'emitToHosts', [hosts], 0n, 5)
    expect(emittedTotal(third)).toBe(0n)
    expect(credited(third).map(([, a]) => a)).toEqual([0n, 0n, 0n])
    await w.conserved()
  })

  it('refuses anybody but the owner, an empty list, duplicates, hosts below minStake, and a schedule of rate 0', async () => {
    const emission: Emission = { ratePerSecond: 5n, halvingInterval: 0, burnPpm: 0, reserve: E }
    const w = await world(emission, [2n * E, baseParams.minStake - 1n, 3n * E])
    const { p, owner, stranger, hosts } = w
    const [a, low, b] = hosts as [Hex, Hex, Hex]
    expect((await p.call(stranger, 'emitToHosts', [[a]])).error).toBe(`NotOwner(${getAddress(stranger)})`)
    expect((await p.call(owner, 'emitToHosts', [[]])).error).toBe('NoHosts()')
    expect((await p.call(owner, 'emitToHosts', [[a, b, a]])).error).toBe(`DuplicateHost(${getAddress(a)})`)
    expect((await p.call(owner, 'emitToHosts', [[a, low]])).error).toBe(
      `HostNotBonded(${getAddress(low)}, ${baseParams.minStake - 1n}, ${baseParams.minStake})`,
    )
    // Unbonding stake does not count: a host on its way out earns nothing.
    await p.must(b, 'requestUnstake', [3n * E - baseParams.minStake + 1n])
    expect((await p.call(owner, 'emitToHosts', [[b]])).error).toBe(
      `HostNotBonded(${getAddress(b)}, ${baseParams.minStake - 1n}, ${baseParams.minStake})`,
    )
    // The duplicate marks of a reverted call are gone: the same host list now passes.
    const ok = await p.call(owner, 'emitToHosts', [[a]])
    expect(ok.ok, ok.error).toBe(true)
    // Everything since deployment accrued to the one emission that passed.
    expect(emittedTotal(ok)).toBe(5n * BigInt(chain.now() - w.start))

    const off = await world({ ratePerSecond: 0n, halvingInterval: 0, burnPpm: 0, reserve: 0n }, [2n * E])
    expect((await off.p.call(off.owner, 'emitToHosts', [off.hosts])).error).toBe('EmissionsOff()')
  })

  it('accrues from a later start when the schedule names one, and from deployment for a past one', async () => {
    const before = chain.now()
    const first = await world(
      { ratePerSecond: 11n, halvingInterval: 0, burnPpm: 0, reserve: E, start: 7 },
      [],
    )
    // The deployment's block, mined a second after the last.
    expect(first.start).toBe(before + 1)
    const later = chain.now() + 50
    const w = await world({ ratePerSecond: 11n, halvingInterval: 0, burnPpm: 0, reserve: E, start: later }, [
      2n * E,
    ])
    expect(w.start).toBe(later)
    const early = await w.p.call(w.owner, 'emitToHosts', [w.hosts])
    expect(emittedTotal(early)).toBe(0n)
    const after = await w.p.call(w.owner, 'emitToHosts', [w.hosts], 0n, 60)
    expect(emittedTotal(after)).toBe(11n * BigInt(chain.now() - later))
  })

  it('refuses a burn share above one million ppm at deployment', async () => {
    const owner = actor(`owner ${serial++}`)
    const { outcome } = await chain.deploy(
      { ...baseParams, emission: { ratePerSecond: 1n, halvingInterval: 0, burnPpm: 1_000_001, reserve: 0n } },
      { owner, referee: actor('referee') },
    )
    expect(outcome.error).toBe('InvalidParams(burnPpm)')
  })
})

describe('burn-and-mint at finalize', () => {
  it('burns burnPpm of the batch fees, pays the rest, and keeps every wei accounted for', async () => {
    const model = digest('model')
    for (const burnPpm of [0, 250_000, 333_333, 1_000_000]) {
      const w = await world({ ratePerSecond: 0n, halvingInterval: 0, burnPpm, reserve: 0n }, [10n * E])
      const { p, owner, requester, hosts } = w
      const host = hosts[0] as Hex
      const fee = E / 3n
      await p.must(owner, 'registerModel', [model, 1_000, 4])
      await p.must(requester, 'deposit', [], 10n * E)
      await p.must(requester, 'order', [[host], [3], fee])
      const jobs = [0, 1, 2].map((id) => job(id, fee, 4))
      const b = batchOf(requester, jobs)
      await p.must(host, 'commit', [model, b.root, 3, [requester], [3]])
      const burnedBefore = (await p.view('totalBurned'))[0] as bigint
      const fin = await p.call(owner, 'finalize', [0], 0n, baseParams.challengeWindow + 1)
      expect(fin.ok, fin.error).toBe(true)
      const fees = 3n * fee
      const burned = (fees * BigInt(burnPpm)) / 1_000_000n
      const names = fin.events.map((e) => e.name)
      expect(names).toEqual(burnPpm === 0 ? ['Finalized'] : ['FeesBurned', 'Finalized'])
      if (burnPpm !== 0) expect(fin.events[0]?.args.getValue('burned')).toBe(burned)
      expect(fin.events.at(-1)?.args.getValue('paid')).toBe(fees - burned)
      expect(await creditOf(p, host)).toBe(fees - burned)
      expect((await p.view('totalBurned'))[0]).toBe(burnedBefore + burned)
      await w.conserved()
    }
  })
})
