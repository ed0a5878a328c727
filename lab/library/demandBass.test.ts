// Bass diffusion of arrivals (Bass 1969), end to end. A segment of m requesters arrives at rate
// p on its own plus q times the share already arrived: N(t) = m·F(t), F(t) = (1 − e^(−(p+q)t)) /
// (1 + (q/p)·e^(−(p+q)t)), with its peak rate at t* = ln(q/p) / (p + q). The market draws the
// m / weight simulated requesters' arrivals as a Poisson process with cumulative mean
// (m / weight)·F(t) (docs/demandModel.md), and the book counts each as `weight` real arrivals.
// The test runs demand-bass.yaml (real onnxruntime for the network's few requests, memory
// ledger) and reads the market book's periods. It checks
// - that every period's arrivals are whole simulated requesters times the weight (real units);
// - the cumulative real arrivals at every period end t against m·F(t) within 4 standard
//   deviations weight·√((m / weight)·F(t)) of weight × Poisson((m / weight)·F(t));
// - that the horizon passes the peak t*, and that the same check rejects the curve of an
//   imitation q 20% lower (it can fail).
// Four standard deviations leave a correct market a 6e-5 chance per period end (two-sided normal)
// of failing, below 0.3% over the 48 ends even as if they were independent; the seed is fixed,
// so the outcome is the same on every run. The memory ledger: no figure checked passes through
// the ledger (arrivals are drawn before any call), and lab/memoryLedgerSims.test.ts holds the
// two ledgers to the same results.
import { describe, expect, it } from 'vitest'
import type { PeriodRow } from '../../sim/index.ts'
import { bassAdopters } from '../../sim/index.ts'
import { runMarket } from '../fixtures/runMarket.ts'
import { planScenario } from '../planScenario.ts'

const file = 'scenarios/library/demand-bass.yaml'
const Z = 4

type Check = { end: number; arrived: number; expected: number; sd: number }

/** Period ends whose cumulative arrivals are more than Z standard deviations off m·F(end). */
function offCurve(rows: PeriodRow[], segment: string, weight: number, p: number, q: number, m: number) {
  const checks: Check[] = []
  let arrived = 0
  for (const row of rows) {
    arrived += row.segments[segment]?.arrivals ?? 0
    const expected = bassAdopters(p, q, m, row.end)
    checks.push({ end: row.end, arrived, expected, sd: weight * Math.sqrt(expected / weight) })
  }
  return checks.filter((c) => Math.abs(c.arrived - c.expected) > Z * c.sd)
}

describe('library: Bass arrivals', () => {
  it('follow the closed-form curve N(t) = m·F(t) at every period end, past the peak', async () => {
    const plan = await planScenario(file)
    const [run] = plan.runs
    const demand = run?.spec.demand
    const first = demand?.segments[0]
    if (!run || !demand || !first || plan.runs.length !== 1 || demand.segments.length !== 1)
      throw new Error(`${file} must be one run of one segment`)
    const { p, q, m } = first.segment.bass
    const { weight, period } = demand
    const { duration } = run.spec
    // The horizon passes the peak of the arrival rate, and is whole periods.
    expect(Math.log(q / p) / (p + q)).toBeLessThan(duration)
    expect(duration % period).toBe(0)

    const { result, rows } = await runMarket(run.spec, { workers: 1 })
    // Every period of the horizon, ending at its multiples of the period; what settles after the
    // horizon (the last finalities, no arrivals) is one partial last row.
    const tail = rows.at(-1)?.partial ? rows.pop() : undefined
    if (tail) {
      expect(tail.start).toBe(duration)
      expect(tail.segments[first.name]?.arrivals).toBe(0)
    }
    expect(rows.map((r) => r.end)).toEqual(rows.map((_, i) => (i + 1) * period))
    expect(rows.at(-1)?.end).toBe(duration)
    // The network's requests ran real inference, and few of them.
    expect(result.counts.jobs).toBeGreaterThan(0)
    expect(result.counts.jobs).toBeLessThan(1000)

    const arrivals = rows.map((r) => r.segments[first.name]?.arrivals ?? 0)
    expect(arrivals.every((a) => Number.isInteger(a / weight))).toBe(true)
    expect(arrivals.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    expect(offCurve(rows, first.name, weight, p, q, m)).toEqual([])
    // A 20% lower imitation bends the curve enough for the same check to refuse it.
    expect(offCurve(rows, first.name, weight, p, 0.8 * q, m).length).toBeGreaterThan(0)
  }, 180_000)
})
