import { afterAll, describe, expect, it } from 'vitest'
import { createInferencePool, type InferencePool } from '../../engine/index.ts'
import { loadScenario, resolveRunSpec } from '../../scenarios/index.ts'
import type { EmissionSchedule, PeriodRow } from '../../sim/index.ts'
import { runMarket } from '../fixtures/runMarket.ts'

// The closed form is in the scenario's header: before the halving every host's profit is
// positive at both fees; after it, negative at the low fee (hosts exit, capacity falls below
// demand, the queue and p95 grow, production requesters leave) and positive at the high fee.
const file = 'scenarios/library/demand-subsidy-cliff.yaml'
const LOW = 0.0005
const HIGH = 0.002

let pool: InferencePool | undefined
afterAll(() => pool?.close())

/** One point of the library sweep, without the sweep, on the in-process ledger, with its periods. */
async function runFee(fee: number) {
  const { scenario } = loadScenario(file, { 'requesters.fee': fee })
  const spec = resolveRunSpec({ ...scenario, sweep: undefined }, file)
  pool ??= createInferencePool({ workers: 2, tolerance: spec.tolerance })
  const { result, rows } = await runMarket(spec, { workers: 2, inference: pool })
  const emissions = spec.economics.emissions as Extract<EmissionSchedule, { kind: 'halving' }>
  // Whole periods inside the horizon: the first day is the arrivals' ramp, and periods after the
  // horizon only drain queued jobs.
  const before = rows.filter((r) => r.start >= 86_400 && r.end <= emissions.halvingEvery)
  const after = rows.filter((r) => r.start >= emissions.halvingEvery && r.end <= spec.duration)
  // The last two days: long enough after the cliff for exits and reviews to have acted.
  const late = after.filter((r) => r.start >= spec.duration - 2 * 86_400)
  return { spec, result, rows, before, after, late, weight: spec.demand?.weight ?? 1 }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const productionNetwork = (rows: PeriodRow[]) =>
  rows.reduce((sum, r) => sum + (r.segments.production?.volume.network ?? 0), 0)

describe('library: the subsidy cliff', () => {
  it('hosts leave after the halving and production demand follows only where fees are below compute', async () => {
    const low = await runFee(LOW)
    const high = await runFee(HIGH)
    for (const run of [low, high]) {
      expect(run.before.length).toBe(6)
      expect(run.after.length).toBe(8)
      // Every host stays before the halving at both fees (profit ≈ 6σ above zero per check).
      expect(run.before.every((r) => r.network.hosts.active === 10)).toBe(true)
    }

    // Hosts: the low fee loses at least half of them, the high fee none.
    expect(mean(low.late.map((r) => r.network.hosts.active))).toBeLessThanOrEqual(5)
    expect(high.after.every((r) => r.network.hosts.active === 10)).toBe(true)
    expect(low.result.metrics.host_count_final).toBeLessThan(high.result.metrics.host_count_final as number)

    // Capacity falls below demand after the cliff at the low fee (for a day at least, until the
    // requesters who leave bring demand down to it); never at the high fee.
    const short = low.after.filter((r) => r.network.capacity < r.network.demand)
    expect(short.length).toBeGreaterThanOrEqual(2)
    for (const r of high.after) expect(r.network.capacity).toBeGreaterThan(r.network.demand)

    // p95 latency: with capacity C below demand D the backlog grows by about (D/C − 1) seconds a
    // second, tens of thousands of seconds a half-day period, against a few thousand before. A
    // per-period p95 is binned within 12%, so a factor of 3 is no binning effect.
    const p95 = (rows: PeriodRow[]) => rows.map((r) => r.network.p95Latency as number)
    const lowBefore = Math.max(...p95(low.before))
    expect(mean(p95(low.late))).toBeGreaterThan(3 * lowBefore)
    expect(Math.max(...p95(high.after))).toBeLessThan(3 * Math.max(...p95(high.before)))

    // Production network volume after the cliff, in simulated requests (each a Poisson count):
    // lower at the low fee than at the high one, and lower than its own before, by more than
    // four standard errors of the difference.
    const jobs = (run: typeof low, rows: PeriodRow[]) => productionNetwork(rows) / run.weight
    const lowLate = jobs(low, low.late)
    const highLate = jobs(high, high.late)
    expect(highLate - lowLate).toBeGreaterThan(4 * Math.sqrt(highLate + lowLate))
    // Before the halving the two fees see the same demand: price barely weighs in the choice.
    const lowEarly = jobs(low, low.before.slice(-low.late.length))
    expect(lowEarly - lowLate).toBeGreaterThan(4 * Math.sqrt(lowEarly + lowLate))

    // Fees ÷ emissions: f·V ÷ E, above 1 at the high fee and well below it at the low one.
    const ratio = (run: typeof low) => run.result.metrics.revenue_over_emissions as number
    expect(ratio(high)).toBeGreaterThan(1)
    expect(ratio(low)).toBeLessThan(0.5)
    // It is the rows' fees over their emissions: the metric and the periods agree, but for the
    // last blocks of the drain after the horizon, in a period that never closes (< 1% here).
    for (const run of [low, high]) {
      const fees = run.rows.reduce((s, r) => s + r.network.fees, 0)
      const emitted = run.rows.reduce((s, r) => s + r.network.emitted, 0)
      expect(Math.abs(ratio(run) / (fees / emitted) - 1)).toBeLessThan(0.01)
    }
  }, 180_000)
})
