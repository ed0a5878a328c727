import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  actor,
  baseParams,
  batchOf,
  digest,
  E,
  job,
  type RawChain,
  type RawParams,
  startRawChain,
  sumEvents,
} from '../fixtures/rawProtocol.ts'

/**
 * Issue 17's slash rules on chain: what one proven fault costs under each rule (the view
 * `slashOf` and a real dispute's Slashed event), the cap at the bond, and the constructor's
 * refusals. The memory ledger's mirror is checked against these by the differential test.
 */

const LAYERS = 4
const model = digest('slash model')
const uint256Max = 2n ** 256n - 1n
const FIXED = 1
const VALUE_SCALED = 2

let chain: RawChain
beforeAll(async () => {
  chain = await startRawChain()
})
afterAll(async () => {
  await chain?.stop()
})

let serial = 0
async function deployed(params: RawParams) {
  const tag = `${serial++}`
  const owner = actor(`slash owner ${tag}`)
  const referee = actor(`slash referee ${tag}`)
  const { protocol, outcome } = await chain.deploy(params, { owner, referee })
  if (!protocol) throw new Error(`deploy failed: ${outcome.error}`)
  return { p: protocol, owner, referee, tag }
}

const slashOf = async (params: RawParams, stake: bigint, fee: bigint) => {
  const { p } = await deployed(params)
  return (await p.view('slashOf', [stake, fee]))[0] as bigint
}

describe('Protocol.sol slash rules', () => {
  it('takes a fraction of the stake, a fixed amount, or fee × scale ÷ check probability, each capped at the stake', async () => {
    // Fraction (baseParams: 10 %), as before issue 17.
    expect(await slashOf(baseParams, 50n * E, E)).toBe(5n * E)
    const fixed = {
      ...baseParams,
      slash: {
        rule: FIXED,
        amount: 3n * E,
        scalePpm: 0,
        checkProbabilityPpm: 1_000_000,
        alwaysCheckAbove: uint256Max,
      },
    }
    expect(await slashOf(fixed, 50n * E, E)).toBe(3n * E)
    // The cap: a fixed amount above the bond takes the bond.
    expect(await slashOf(fixed, 2n * E, E)).toBe(2n * E)
    // valueScaled: scale 2, checked with probability 0.25 below a 1-token threshold, always above.
    const scaled = {
      ...baseParams,
      slash: {
        rule: VALUE_SCALED,
        amount: 0n,
        scalePpm: 2_000_000,
        checkProbabilityPpm: 250_000,
        alwaysCheckAbove: E,
      },
    }
    const { p } = await deployed(scaled)
    const view = async (stake: bigint, fee: bigint) => (await p.view('slashOf', [stake, fee]))[0] as bigint
    // 0.1 token below the threshold: 0.1 × 2 ÷ 0.25 = 0.8.
    expect(await view(50n * E, E / 10n)).toBe((8n * E) / 10n)
    // At the threshold the job is always checked: 1 × 2 ÷ 1.
    expect(await view(50n * E, E)).toBe(2n * E)
    expect(await view(50n * E, 3n * E)).toBe(6n * E)
    // Truncates as integer division does: 7 wei × 2 ÷ 0.25 = 56; 1 wei × 2e6 / 250000 = 8.
    expect(await view(50n * E, 7n)).toBe(56n)
    // Capped at the stake, and a fee whose product would overflow takes the whole bond, not a revert.
    expect(await view(E, E / 2n)).toBe(E)
    expect(await view(E, uint256Max / 2n)).toBe(E)
    // Public getters.
    expect((await p.view('slashRule'))[0]).toBe(BigInt(VALUE_SCALED))
    expect((await p.view('slashScalePpm'))[0]).toBe(2_000_000n)
    expect((await p.view('checkProbabilityPpm'))[0]).toBe(250_000n)
    expect((await p.view('alwaysCheckAbove'))[0]).toBe(E)
  }, 60_000)

  it('slashes a sampling dispute by the valueScaled rule, the challenger getting its share of that amount', async () => {
    const scaled = {
      ...baseParams,
      slash: {
        rule: VALUE_SCALED,
        amount: 0n,
        scalePpm: 2_000_000,
        checkProbabilityPpm: 250_000,
        alwaysCheckAbove: 5n * E,
      },
    }
    const { p, owner, referee, tag } = await deployed(scaled)
    const host = actor(`slash host ${tag}`)
    const requester = actor(`slash requester ${tag}`)
    const honest = actor(`slash honest ${tag}`)
    await chain.fund(host, requester, honest)
    const setup = await p.block([
      { from: owner, fn: 'registerModel', args: [model, 1_000_000, LAYERS] },
      { from: owner, fn: 'addVerifier', args: [honest] },
      { from: host, fn: 'stake', args: [], value: 100n * E },
      { from: requester, fn: 'deposit', args: [], value: 10n * E },
      { from: requester, fn: 'order', args: [[host], [1], E], value: 0n },
    ])
    expect(setup.filter((o) => !o.ok).map((o) => `${o.fn}: ${o.error}`)).toEqual([])
    const b = batchOf(requester, [job(1, E, LAYERS, LAYERS)])
    await p.must(host, 'commit', [model, b.root, 1, [requester], [1]])
    const d = await p.must(
      honest,
      'challenge',
      [0, b.leaf(0), b.proof(0), b.job(0).truth[3]],
      baseParams.challengeBond,
    )
    const disputeId = d.events.find((e) => e.name === 'DisputeOpened')?.args.getValue('disputeId') as bigint
    const verdict = await p.must(referee, 'resolve', [disputeId, b.job(0).truth[3]])
    // Fee 1 below the 5-token threshold: 1 × 2 ÷ 0.25 = 8 tokens, of a 100-token stake.
    expect(sumEvents([verdict], 'Slashed', 'amount')).toBe(8n * E)
    expect(sumEvents([verdict], 'Slashed', 'toChallenger')).toBe(
      (8n * E * BigInt(baseParams.challengerSharePpm)) / 1_000_000n,
    )
    expect((await p.view('stakeOf', [host]))[0]).toBe(92n * E)
  }, 60_000)

  it('refuses an unknown rule and a check probability of 0 or above 1', async () => {
    const owner = actor('slash owner refusals')
    const referee = actor('slash referee refusals')
    const refuse = async (slash: RawParams['slash']) =>
      (await chain.deploy({ ...baseParams, slash }, { owner, referee })).outcome.error
    const base = {
      rule: VALUE_SCALED,
      amount: 0n,
      scalePpm: 1_000_000,
      checkProbabilityPpm: 500_000,
      alwaysCheckAbove: uint256Max,
    }
    expect(await refuse({ ...base, rule: 3 })).toBe('InvalidParams(slashRule)')
    expect(await refuse({ ...base, checkProbabilityPpm: 0 })).toBe('InvalidParams(checkProbabilityPpm)')
    expect(await refuse({ ...base, checkProbabilityPpm: 1_000_001 })).toBe(
      'InvalidParams(checkProbabilityPpm)',
    )
  }, 60_000)
})
