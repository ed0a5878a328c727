import { afterAll, describe, expect, it } from 'vitest'
import { createInferencePool, type InferencePool } from '../../engine/index.ts'
import { loadScenario, type Overrides, resolveRunSpec } from '../../scenarios/index.ts'
import type { PeriodRow } from '../../sim/index.ts'
import { runMarket } from '../fixtures/runMarket.ts'

/*
 * demand-incident.yaml: production requesters leave the network after a burst of undetected
 * fraud and return once detection is back (issue 16). With p = 1 every cheat is caught outside
 * the outage, so a requester sees a failed request, never a bad result; in the outage the lazy
 * hosts' cheats (40% of jobs) reach finality unchecked and a requester's expected fraud loss jumps
 * from 0 to 0.01 ÷ (W + 1) tokens per request, W ≈ rate × halfLife ÷ ln 2 ≈ 2.9 requests: about
 * 5.8 utils at weights.fraud 2250 against a network lead of under 1 util, so those who saw one
 * leave at their next review. Having left, they add no evidence, W and L fade together, and the
 * loss falls under half a util after about log₂((22.5 − 1.45) ÷ 0.5) ≈ 5.4 half-lives (an hour
 * each): they are back within the horizon (docs/demandModel.md, experience).
 *
 * Tolerances: a period's production adoption is a share of volume over the simulated requesters
 * active in it (A, about 170); choices are made per requester, so its standard error is taken as
 * √(a(1 − a) ÷ A), the requester-level binomial bound (larger than the per-request one). Each
 * comparison of two levels asks for 3 standard errors of their difference (one-sided, p ≈ 0.001
 * each; the minimum over five periods sits about 1.2 below their mean, so the control stays
 * well inside).
 */

const file = 'scenarios/library/demand-incident.yaml'
const Z = 3

let pool: InferencePool | undefined
afterAll(() => pool?.close())

async function run(overrides: Overrides = {}) {
  const { scenario } = loadScenario(file, overrides)
  const spec = resolveRunSpec(scenario, file)
  pool ??= createInferencePool({ workers: 2, tolerance: spec.tolerance })
  const { result, rows } = await runMarket(spec, { workers: 2, inference: pool })
  // The horizon is whole periods; what settles after it (the last finalities) is one partial
  // last row, which the figures below leave out.
  const tail = rows.at(-1)?.partial ? rows.pop() : undefined
  if (tail) expect(tail.start).toBe(spec.duration)
  return { spec, result, rows }
}

type Level = { share: number; se: number }

/** Production adoption pooled over `periods`, with the requester-level standard error of one of them. */
function adoption(rows: PeriodRow[], periods: number[]): Level {
  let network = 0
  let all = 0
  let active = Number.POSITIVE_INFINITY
  for (const k of periods) {
    const row = rows[k] as PeriodRow
    const s = row.segments.production
    if (!s) throw new Error(`period ${k} has no production segment`)
    network += s.volume.network ?? 0
    all += Object.values(s.volume).reduce((a, b) => a + b, 0)
    // The periods share their requesters, so pooling them does not shrink the error below one period's.
    active = Math.min(active, s.active / row.weight)
  }
  const share = network / all
  return { share, se: Math.sqrt((share * (1 - share)) / active) }
}

const gap = (a: Level, b: Level) => Z * Math.hypot(a.se, b.se)
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

describe('library: production requesters leave after a verification outage and return', () => {
  it('adoption dips in and after the outage, recovers, and does not dip without it', async () => {
    const outage = await run()
    const control = await run({ 'verifiers.outages': [] })
    const { spec, rows } = outage
    const period = spec.demand?.period as number
    const window = spec.verifiers.outages[0] as { start: number; end: number }
    const first = Math.floor(window.start / period)
    const last = Math.ceil(window.end / period) - 1
    expect(rows.length).toBe(spec.duration / period)
    expect(control.rows.length).toBe(rows.length)

    // Before: periods 1 … first − 1 (period 0 is the arrivals' own). Dip: the outage's periods and
    // the three after. After: the last four.
    const before = range(1, first)
    const dip = range(first, last + 4)
    const after = range(rows.length - 4, rows.length)
    const lowest = (r: PeriodRow[]) =>
      dip.map((k) => adoption(r, [k])).reduce((a, b) => (b.share < a.share ? b : a))

    const pre = adoption(rows, before)
    const min = lowest(rows)
    const post = adoption(rows, after)
    expect(pre.share - min.share).toBeGreaterThan(gap(pre, min))
    expect(post.share - min.share).toBeGreaterThan(gap(post, min))
    // Recovered: back within noise of the level before the outage.
    expect(pre.share - post.share).toBeLessThan(gap(pre, post))

    // The same run without the outage: no dip, and nothing bad reaches a requester.
    const cPre = adoption(control.rows, before)
    const cMin = lowest(control.rows)
    expect(cPre.share - cMin.share).toBeLessThan(gap(cPre, cMin))
    expect(control.rows.every((r) => (r.segments.production?.frauds.network ?? 0) === 0)).toBe(true)
    expect(control.result.counts.undetected).toBe(0)

    // Frauds reach requesters only from results committed in the window: settled by the end of
    // the challenge window after it (plus the commit's and the finalize's blocks).
    const lag = spec.protocol.challengeWindow + 2 * spec.blockTime + spec.hosts.maxBatchDelay
    for (const row of rows) {
      const frauds = row.segments.production?.frauds.network ?? 0
      const overlaps = row.end > window.start && row.start < window.end + lag
      if (!overlaps) expect(frauds, `period ${row.period}`).toBe(0)
      else if (row.start >= window.start && row.end <= window.end)
        expect(frauds, `period ${row.period}`).toBeGreaterThan(0)
    }
    // Outside the window every cheat is caught: the requester sees a failure instead.
    expect(rows[first - 1]?.segments.production?.failed.network).toBeGreaterThan(0)

    // Churn after the incident, by the book's metric; the control has no incident at all.
    const m = outage.result.metrics
    expect(m.incident_churn).toBeGreaterThan(0)
    expect(control.result.metrics.incident_churn).toBeNull()

    // Retention R(N), N in the dip: cohort 0's network volume in period N ÷ in period 3 (everyone
    // arrives in period 0). Its error, from the counts, is that of a ratio of two Poisson counts of
    // simulated requests: R·√(1/V₃ + 1/V_N).
    const n = spec.demand?.retentionPeriod as number
    expect(dip).toContain(n)
    const retention = ({ rows: r, result }: typeof outage): Level => {
      const weight = r[0]?.weight as number
      const volume = (k: number) => (r[k]?.cohorts['0']?.production ?? 0) / weight
      const share = result.metrics.retained_production_volume as number
      return { share, se: share * Math.sqrt(1 / volume(3) + 1 / volume(n)) }
    }
    const kept = retention(outage)
    const keptControl = retention(control)
    expect(keptControl.share - kept.share).toBeGreaterThan(gap(kept, keptControl))
  }, 240_000)
})
