// Logit price elasticity (McFadden 1974), end to end. A requester who weighs only price chooses
// the network, at fee × replicas per request, over one centralized provider at price c with
// probability s = 1 / (1 + e^(β·(fee·replicas − c))), so ln(s / (1 − s)) moves by −β·Δfee.
// The test runs every point of demand-elasticity.yaml's fee sweep as `verisim sweep` plans it
// (real onnxruntime for the network's requests, memory ledger) and reads the market book's
// periods: each arrival chooses once, so the choices are n Bernoulli(s) draws. It checks
// - the share of choices at each fee against s within 4 binomial standard errors √(s(1−s)/n);
// - the change of the log-odds between fees against −β·Δfee within 4 standard errors, each
//   log-odds' being 1/√(n·s(1−s)) (delta method). The points share the seed, so the same
//   uniform draws decide every fee's choices (common random numbers): the estimates are
//   positively correlated, and adding their variances as if independent is conservative;
// - that the same checks reject a price coefficient 25% off (they can fail).
// Four standard errors leave a correct market a 6e-5 chance per check (two-sided normal) of
// failing; the seed is fixed, so the outcome is the same on every run.
// The memory ledger, not anvil: the anvil run funds every one of the 4000 requester accounts and
// takes a minute per point on two cores, and no figure checked here passes through the ledger
// (arrivals and choices happen before any call; the two ledgers' agreement is
// lab/memoryLedgerSims.test.ts's).
import { describe, expect, it } from 'vitest'
import type { PeriodRow, RunSpec } from '../../sim/index.ts'
import { runMarket } from '../fixtures/runMarket.ts'
import { planScenario } from '../planScenario.ts'

const file = 'scenarios/library/demand-elasticity.yaml'
const Z = 4

type Point = { fee: number; replicas: number; n: number; network: number }

async function runPoint(spec: RunSpec): Promise<{ rows: PeriodRow[]; jobs: number }> {
  const { result, rows } = await runMarket(spec, { workers: 1 })
  return { rows, jobs: result.counts.jobs }
}

/** Every failed check of the closed form with price coefficient `beta` against centralized price `c`. */
function disagreements(points: Point[], beta: number, c: number): string[] {
  const failed: string[] = []
  const closedForm = (p: Point) => 1 / (1 + Math.exp(beta * (p.fee * p.replicas - c)))
  const logit = (s: number) => Math.log(s / (1 - s))
  for (const p of points) {
    const s = closedForm(p)
    const share = p.network / p.n
    const se = Math.sqrt((s * (1 - s)) / p.n)
    if (Math.abs(share - s) > Z * se) failed.push(`fee ${p.fee}: share ${share} vs ${s} ± ${Z * se}`)
  }
  for (const [i, a] of points.entries())
    for (const b of points.slice(i + 1)) {
      const sa = closedForm(a)
      const sb = closedForm(b)
      const moved = logit(b.network / b.n) - logit(a.network / a.n)
      const expected = -beta * (b.fee * b.replicas - a.fee * a.replicas)
      const se = Math.sqrt(1 / (a.n * sa * (1 - sa)) + 1 / (b.n * sb * (1 - sb)))
      if (Math.abs(moved - expected) > Z * se)
        failed.push(`fee ${a.fee} → ${b.fee}: log-odds moved ${moved} vs ${expected} ± ${Z * se}`)
    }
  return failed
}

describe('library: logit price elasticity of the network share', () => {
  it('moves the share of first choices as s = 1 / (1 + e^(β(fee·replicas − c))) predicts', async () => {
    const plan = await planScenario(file)
    expect(plan.runs.length).toBeGreaterThanOrEqual(2)
    const points: Point[] = []
    let beta = 0
    let c = 0
    for (const run of plan.runs) {
      const { spec } = run
      const demand = spec.demand
      if (!demand) throw new Error(`${file} has no demand section`)
      const segment = demand.segments[0]?.segment
      const provider = demand.providers[0]
      if (!segment || !provider || demand.segments.length !== 1 || demand.providers.length !== 1)
        throw new Error(`${file} must have one segment and one centralized provider`)
      // What the closed form assumes: only price moves the choice, and the provider never goes out.
      expect(segment.weights).toMatchObject({ latency: 0, failure: 0, fraud: 0 })
      expect(segment.verifiableValue).toBe(0)
      expect(segment.switchingCost).toBe(0)
      expect(provider.outages.meanUp).toBe(0)
      beta = segment.weights.price
      c = provider.price
      const replicas = spec.protocol.mode === 'replication' ? spec.protocol.k : 1
      const { rows, jobs } = await runPoint(spec)
      // The network's requests ran (few of them: the test is about choices).
      expect(jobs).toBeGreaterThan(0)
      const sum = (f: (r: PeriodRow) => number) => rows.reduce((total, r) => total + f(r), 0)
      const seg = (r: PeriodRow) => r.segments[demand.segments[0]?.name ?? '']
      const arrivals = sum((r) => seg(r)?.arrivals ?? 0)
      const network = sum((r) => seg(r)?.choices.network ?? 0)
      const central = sum((r) => seg(r)?.choices[provider.name] ?? 0)
      // One choice per arrival: no review and no outage made a second one.
      expect(network + central).toBe(arrivals)
      // The network's offer as requesters saw it: −β × fee × replicas.
      for (const r of rows) {
        const term = seg(r)?.terms.network?.price
        if (term !== undefined) expect(term).toBeCloseTo(-beta * spec.requesters.fee * replicas, 9)
      }
      points.push({
        fee: spec.requesters.fee,
        replicas,
        n: arrivals / demand.weight,
        network: network / demand.weight,
      })
    }
    expect(points.every((p) => p.n > 1000)).toBe(true)
    expect(disagreements(points, beta, c)).toEqual([])
    // A coefficient 25% off is refused by the same checks: they can tell.
    expect(disagreements(points, 0.75 * beta, c).length).toBeGreaterThan(0)
  }, 180_000)
})
