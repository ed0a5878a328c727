import { describe, expect, it } from 'vitest'
import { eventsOf, feesFor, finalResults, simulate } from '../fixtures/simulate.ts'

// Proof-of-Sampling end to end through runSimulation (fake inference, in-process ledger).
describe('sampling', () => {
  it('p = 1 slashes every bad result and no honest one, and slashed jobs cost requesters nothing', async () => {
    const { spec, result, trace, spent } = await simulate({ 'protocol.mode': 'sampling', 'protocol.p': 1 })
    const c = result.counts
    expect(c.bad_results).toBeGreaterThan(10)
    expect(c.detected).toBe(c.bad_results)
    expect(c.undetected).toBe(0)
    expect(c.false_slashes).toBe(0)
    expect(result.metrics.detection_rate).toBe(1)
    expect(result.metrics.false_slash_rate).toBe(0)
    expect(c.results + c.dropped_jobs).toBe(c.jobs)
    // Each slash takes slashFraction of what the host still has at stake.
    const stake = new Map<number, number>()
    for (const s of eventsOf(trace, 'slash')) {
      expect(s).toMatchObject({ honest: false, cause: 'dispute' })
      const before = stake.get(s.host) ?? spec.hosts.stake
      expect(s.amount).toBeCloseTo(before * spec.protocol.slashFraction, 9)
      stake.set(s.host, before - s.amount)
    }
    expect(spent.reduce((a, b) => a + b)).toBe(feesFor(spec, finalResults(result)))
    expect(finalResults(result)).toBe(c.honest_results)
    expect(result.metrics.cheater_return as number).toBeLessThan(0)
    expect(result.metrics.honest_return as number).toBeGreaterThan(0)
  })

  it('re-executes and catches about a fraction p of results', async () => {
    const p = 0.3
    const { result } = await simulate({ 'protocol.p': p, duration: 300 })
    const c = result.counts
    expect(c.bad_results).toBeGreaterThan(100)
    // Within four standard deviations of the binomial draws (the run is seeded: this never flakes).
    const within = (share: number, n: number) =>
      expect(Math.abs(share - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n))
    within(c.checks / c.results, c.results)
    within(result.metrics.detection_rate as number, c.bad_results)
    expect(c.false_slashes).toBe(0)
    expect(c.undetected).toBe(c.bad_results - c.detected)
  })

  it('never slashes honest hosts on fp16 hardware under a tolerance, and does under exact comparison', async () => {
    const overrides = {
      'hosts.behaviours': { honest: 1 },
      'hosts.hardware': [
        { share: 0.5, fp16Weights: true },
        { share: 0.5, fp16Weights: false },
      ],
    }
    const tolerant = await simulate(overrides)
    expect(tolerant.result.counts.checks).toBe(tolerant.result.counts.results)
    expect(eventsOf(tolerant.trace, 'check').every((e) => e.match)).toBe(true)
    expect(tolerant.result.metrics.false_slash_rate).toBe(0)
    const exact = await simulate({ ...overrides, comparison: 'exact' })
    expect(exact.result.counts.false_slashes).toBeGreaterThan(0)
    expect(exact.result.metrics.false_slash_rate as number).toBeGreaterThan(0.2)
  })

  it('cannot slash once the challenge window has closed: a late check lets the bad result through', async () => {
    // About 4,000 FLOPs per check at 50 FLOP/s: 80 s, longer than the 60 s window.
    const { result, trace } = await simulate({ 'protocol.p': 0.2, 'verifiers.speed': 50 })
    const c = result.counts
    const late = eventsOf(trace, 'check').filter((e) => !e.match)
    expect(late.length).toBeGreaterThan(0)
    expect(c.disputes).toBe(0)
    expect(c.detected).toBe(0)
    expect(c.undetected).toBe(c.bad_results)
  })
})
