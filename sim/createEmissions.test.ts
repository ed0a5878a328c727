import { describe, expect, it, vi } from 'vitest'
import { emissionParams } from './emissionParams.ts'
import { demandSpecOf } from './fixtures/demandSpec.ts'
import { eventsOf, simulate, specOf } from './fixtures/simulate.ts'
import type { MarketBook, MarketMetrics } from './market/types.ts'
import { MARKET_METRIC_NAMES } from './market/types.ts'
import type { RunSpec } from './runSpec.ts'
import { fromUnits, toUnits } from './units.ts'

// What the market book is told of emissions (the book itself is tested on its own).
const booked: [number, number][] = []
vi.mock('./market/createMarketBook.ts', () => ({
  createMarketBook(): MarketBook {
    const nothing = () => {}
    return {
      arrived: nothing,
      converted: nothing,
      chose: nothing,
      requested: nothing,
      settled: nothing,
      incident: nothing,
      fees: nothing,
      emitted: (now, tokens) => {
        booked.push([now, tokens])
      },
      supply: nothing,
      advance: nothing,
      finish: nothing,
      metrics: () => Object.fromEntries(MARKET_METRIC_NAMES.map((n) => [n, null])) as MarketMetrics,
    }
  },
}))

const withEmissions = (schedule: RunSpec['economics']['emissions'], spec = specOf()): RunSpec => ({
  ...spec,
  economics: { ...spec.economics, emissions: schedule },
})

// Emissions through a whole run, on the in-process ledger (the contract's integral and split are
// tested against anvil in contracts/).
describe('createEmissions', () => {
  it("credits hosts rate × elapsed, every `every` seconds from the run's start", async () => {
    const perDay = 8_640 // 0.1 token a second
    const every = 30
    const spec = withEmissions({ kind: 'constant', perDay, every })
    const { result, trace } = await simulate({}, { spec })
    const emissions = eventsOf(trace, 'emission')
    // One per period while blocks run (every 6 s from 6), the first at 30 s.
    expect(emissions[0]?.t).toBe(30)
    for (const [i, e] of emissions.slice(0, -1).entries()) expect(e.t).toBe(30 * (i + 1))
    const last = emissions.at(-1)?.t ?? 0
    // The last pays up to the first block at or after the horizon; none while the run drains.
    expect(last).toBeGreaterThanOrEqual(spec.duration)
    expect(last).toBeLessThan(spec.duration + spec.blockTime)
    expect(result.elapsed).toBeGreaterThan(last)
    const total = emissions.reduce((a, e) => a + e.amount, 0)
    // Each emission releases rate × its 30 s (a sixth of a token per host split is lost to floor
    // division at most: a few units), accrued from the run's start.
    expect(total).toBeCloseTo(0.1 * last, 9)
    expect(emissions.every((e) => e.hosts === spec.hosts.count)).toBe(true)
    expect(result.gasByCall.emit?.calls).toBe(emissions.length)
  })

  it('leaves out hosts slashed below minStake, and emits nothing without a schedule', async () => {
    const base = specOf({
      'hosts.count': 2,
      'hosts.behaviours': { lazy: 1 },
      'protocol.minStake': 60,
      'protocol.slashFraction': 0.5,
    })
    // An emission every block: a slash mined in the same block before it takes a listed host
    // below minStake, the emission reverts, and the next one pays for both periods.
    const { trace, result } = await simulate(
      {},
      { spec: withEmissions({ kind: 'constant', perDay: 8_640, every: 6 }, base) },
    )
    const emissions = eventsOf(trace, 'emission')
    expect(result.gasByCall.emit?.calls).toBeGreaterThan(emissions.length)
    const last = emissions.at(-1)?.t ?? 0
    expect(emissions.reduce((a, e) => a + e.amount, 0)).toBeCloseTo(0.1 * last, 9)
    const firstSlash = Math.min(...eventsOf(trace, 'slash').map((s) => s.t))
    const before = emissions.filter((e) => e.t < firstSlash)
    expect(before.length).toBeGreaterThan(0)
    expect(before.every((e) => e.hosts === 2)).toBe(true)
    // Both hosts end below minStake: emissions stop, and what accrues waits.
    const lastSlash = Math.max(...eventsOf(trace, 'slash').map((s) => s.t))
    expect(emissions.filter((e) => e.t > lastSlash)).toEqual([])
    expect(eventsOf((await simulate()).trace, 'emission')).toEqual([])
  })

  it('tells the market book each emission, as the trace records it', async () => {
    const spec = withEmissions(
      { kind: 'halving', perDay: 86_400, halvingEvery: 60, every: 30 },
      { ...specOf({ duration: 600, blockTime: 10 }), demand: demandSpecOf() },
    )
    const { trace } = await simulate({}, { spec })
    const emissions = eventsOf(trace, 'emission')
    expect(emissions.length).toBeGreaterThan(10)
    expect(booked).toEqual(emissions.map((e) => [e.t, e.amount]))
    // 1 token a second halving every minute: about 2 × 60 tokens in all by the end.
    const total = emissions.reduce((a, e) => a + e.amount, 0)
    expect(total).toBeGreaterThan(110)
    expect(total).toBeLessThan(120)
  })

  it('sets the contract parameters from the schedule, with a reserve for the whole run', () => {
    const spec = specOf()
    expect(emissionParams(spec)).toEqual({ ratePerSecond: 0n, halvingInterval: 0, burnPpm: 0, reserve: 0n })
    const halving = emissionParams(
      withEmissions({ kind: 'halving', perDay: 86_400, halvingEvery: 600, every: 60 }),
    )
    expect(halving.ratePerSecond).toBe(toUnits(1))
    expect(halving.halvingInterval).toBe(600)
    // Twice the undecayed rate over the duration and the drain after it.
    expect(fromUnits(halving.reserve)).toBeGreaterThan(2 * spec.duration)
    const burn = emissionParams(
      withEmissions({ kind: 'burnAndMint', perDay: 86_400, burnShare: 0.25, every: 60 }),
    )
    expect(burn.burnPpm).toBe(250_000)
  })
})
