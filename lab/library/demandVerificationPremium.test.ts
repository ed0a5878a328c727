import { afterAll, describe, expect, it } from 'vitest'
import { createInferencePool, type InferencePool } from '../../engine/index.ts'
import type { PeriodRow, RunSpec } from '../../sim/index.ts'
import { runMarket } from '../fixtures/runMarket.ts'
import { type PlannedRun, planScenario } from '../planScenario.ts'

/*
 * scenarios/library/demand-verification-premium.yaml: production requesters choose once, on
 * arrival, between the network and a cheaper unverifiable API by multinomial logit (McFadden
 * 1974). Only price (β per token) and verifiability (v utils) enter their utility, so the
 * network's share of first choices is
 *
 *   s = 1 / (1 + e^(β·(k·fee − c) − v·[mode ≠ none]))
 *
 * (k = protocol.k under replication, else 1; c the API's price). Each of the n arrivals draws one
 * uniform from its own choice stream, so the count of network choices is Binomial(n, s): the test
 * accepts |ŝ − s| ≤ 3·√(s(1 − s)/n) (two-sided, 0.27% per check). The draws are the same in every
 * mode (the streams are per requester), which gives exact relations besides: modes at the same
 * price and verifiability (sampling, optimistic, tee) make the very same choices, and a mode with
 * a higher utility wins a superset of the requesters (counts strictly ordered). Requesters never
 * review, so each one's requests go where its first choice went: given the choices, the network's
 * share of the N requests is Binomial(N, ŝ)/N, checked within 3 standard errors too.
 *
 * It can fail: giving `none` the verifiable value, or charging replication one fee, moves s by
 * 0.12 and 0.24 at the smallest size, ten and twenty standard errors (checked by editing the
 * expectation); seed 16's draws sit 1.7 to 2.3 standard errors below s in every mode (they are shared),
 * which is why the tolerance is not tighter.
 */

const file = 'scenarios/library/demand-verification-premium.yaml'

let pool: InferencePool | undefined
afterAll(() => pool?.close())

/** The network's share of first choices the logit predicts for this run's prices. */
function predictedShare(spec: RunSpec): number {
  const demand = spec.demand as NonNullable<RunSpec['demand']>
  const { segment } = demand.segments[0] as (typeof demand.segments)[number]
  const k = spec.protocol.mode === 'replication' ? spec.protocol.k : 1
  const c = (demand.providers[0] as (typeof demand.providers)[number]).price
  const v = spec.protocol.mode === 'none' ? 0 : segment.verifiableValue
  return 1 / (1 + Math.exp(segment.weights.price * (k * spec.requesters.fee - c) - v))
}

async function runPoint(run: PlannedRun) {
  const { spec } = run
  pool ??= createInferencePool({ workers: 1, tolerance: spec.tolerance })
  const { result, rows } = await runMarket(spec, { workers: 1, inference: pool })
  const sum = (pick: (row: PeriodRow) => number | undefined) =>
    rows.reduce((total, row) => total + (pick(row) ?? 0), 0)
  const production = (row: PeriodRow) => row.segments.production
  const chose = sum((r) => production(r)?.choices.network)
  const choices = chose + sum((r) => production(r)?.choices.api)
  const volume = sum((r) => production(r)?.volume.network) + sum((r) => production(r)?.volume.api)
  const verifiable = rows.find((r) => production(r)?.terms.network)?.segments.production?.terms.network
    ?.verifiable
  return { spec, result, chose, choices, volume, verifiable, s: predictedShare(spec) }
}

type Point = Awaited<ReturnType<typeof runPoint>>

function expectClosedForm(p: Point, label: string) {
  const se = Math.sqrt((p.s * (1 - p.s)) / p.choices)
  expect(p.choices, label).toBeGreaterThan(1000)
  expect(
    Math.abs(p.chose / p.choices - p.s),
    `${label}: ${p.chose}/${p.choices} against s = ${p.s}`,
  ).toBeLessThan(3 * se)
  // The volume follows the choices (no reviews): Binomial(N, ŝ) given them.
  const share = p.result.metrics.production_adoption_share as number
  const hat = p.chose / p.choices
  expect(p.volume, label).toBeGreaterThan(100)
  expect(Math.abs(share - hat), `${label}: volume share ${share}`).toBeLessThan(
    3 * Math.sqrt((hat * (1 - hat)) / p.volume),
  )
}

describe('library: the demand a verification premium keeps against a cheaper unverifiable API', () => {
  it('gives each mode the logit share its price and verifiability predict, replication less than sampling, none no verifiable value', async () => {
    const plan = await planScenario(file)
    const at = (width: number, mode: string) => {
      const run = plan.runs.find(
        (r) => r.replicate === 0 && r.spec.protocol.mode === mode && r.params['model.width'] === width,
      )
      if (!run) throw new Error(`the sweep has no point with model.width ${width} and mode ${mode}`)
      return run
    }
    const first = at(16, 'sampling').spec
    // The closed form holds only if nothing but price and verifiability enters a first choice.
    const demand = first.demand as NonNullable<RunSpec['demand']>
    const { segment } = demand.segments[0] as (typeof demand.segments)[number]
    expect(demand.segments.length).toBe(1)
    expect(demand.providers.length).toBe(1)
    expect(segment.weights).toMatchObject({ latency: 0, failure: 0, fraud: 0 })
    expect(segment.switchingCost).toBe(0)
    expect(segment.reviewEvery).toBeGreaterThan(first.duration)
    expect(segment.verifiableValue).toBeGreaterThan(0)

    const small: Record<string, Point> = {}
    for (const mode of ['none', 'sampling', 'replication', 'optimistic', 'tee'])
      small[mode] = await runPoint(at(16, mode))
    for (const [mode, p] of Object.entries(small)) expectClosedForm(p, mode)
    const { none, sampling, replication, optimistic, tee } = small as Record<string, Point>

    // `none` gets no verifiable value; the other modes get all of it.
    expect(none?.verifiable).toBe(0)
    for (const p of [sampling, replication, optimistic, tee])
      expect(p?.verifiable).toBe(segment.verifiableValue)
    // Same price, same verifiability, same draws: the same choices.
    expect(optimistic?.chose).toBe(sampling?.chose)
    expect(tee?.chose).toBe(sampling?.chose)
    // Replication charges k fees: it keeps less than sampling, and here less than no verification.
    expect(replication?.chose).toBeLessThan(none?.chose as number)
    expect(none?.chose).toBeLessThan(sampling?.chose as number)
    // Only verification gives the network fraud protection: none lets bad results through.
    expect(none?.result.metrics.undetected_fraud_rate).toBeGreaterThan(0)

    // The premium is a fixed utility while the price gap grows with FLOPs: less demand kept.
    const large = await runPoint(at(64, 'sampling'))
    expectClosedForm(large, 'sampling at width 64')
    expect(large.s).toBeLessThan((sampling as Point).s)
    expect(large.chose / large.choices).toBeLessThan((sampling as Point).chose / (sampling as Point).choices)
  }, 240_000)
})
