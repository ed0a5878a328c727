// Two configurations of one network in the market (issue 16), end to end: demand-offers.yaml's
// requesters weigh only price (β per token) and verifiability (V), so each arrival chooses once
// among the network (sampling, fee f₀ per request), the offer `replicated` (replication, k
// replicas at f₁ each) and a cheaper API (price c, unverifiable) with the multinomial logit's
// probabilities
//   s_j = e^(U_j) ÷ Σ e^(U), U_network = −β·f₀ + V, U_replicated = −β·k·f₁ + V, U_api = −β·c
// and, between the two network offers alone, log-odds ln(s_network ÷ s_replicated) = β·(k·f₁ − f₀),
// their price difference (independence of irrelevant alternatives). The test runs the scenario
// twice as `verisim run` does (real onnxruntime, memory ledger) and reads periods.ndjson and
// trace.ndjson. It checks
// - each provider's share of first choices against s_j within 4 binomial standard errors
//   √(s(1−s)/n) (n arrivals; each arrival chooses once, so the choices are n categorical draws);
// - the log-odds between the two network offers against β·(k·f₁ − f₀) within 4 standard errors
//   √(1 ÷ (m·q(1−q))), m the choices of either offer and q = s_network ÷ (s_network + s_replicated)
//   (conditional on m they are m Bernoulli(q) draws; delta method);
// - that the same checks reject a price coefficient 25% off (they can fail);
// - that the offer's jobs each ran k replicas, one job per request the book counted for it, and
//   the network's one;
// - that the same seed twice gives byte-identical periods.ndjson and trace.ndjson.
// Four standard errors leave a correct market a 6e-5 chance per check (two-sided normal) of
// failing; the seed is fixed, so the outcome is the same on every run.
// The memory ledger, not anvil: anvil funds every one of the 8,000 requester accounts (two per
// requester: one per network configuration) per run, and no figure checked here depends on the
// ledger (lab/memoryLedgerSims.test.ts holds the two ledgers to agreement).
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { PeriodRow, RunSpec, TraceEvent } from '../../sim/index.ts'
import { createRunner } from '../createRunner.ts'
import { runScenario } from '../runScenario.ts'

const file = 'scenarios/library/demand-offers.yaml'
const Z = 4

const tmp = mkdtempSync(join(tmpdir(), 'verisim-demand-offers-'))
const runner = createRunner({ workers: 1, parallel: 1, ledger: { kind: 'memory' } })
afterAll(() => runner.close())

type Choices = { n: number; counts: Record<string, number> }

/** Each provider's utility under price coefficient `beta`, as the scenario's segment weighs it. */
function utilities(spec: RunSpec, beta: number): Record<string, number> {
  const demand = spec.demand as NonNullable<RunSpec['demand']>
  const segment = demand.segments[0]?.segment
  const offer = demand.offers[0]
  const api = demand.providers[0]
  if (!segment || !offer || !api) throw new Error(`${file} must have a segment, an offer and a provider`)
  const replicas = (mode: string, k: number) => (mode === 'replication' ? k : 1)
  const V = segment.verifiableValue
  return {
    network: -beta * spec.requesters.fee * replicas(spec.protocol.mode, spec.protocol.k) + V,
    [offer.name]: -beta * offer.fee * replicas(offer.protocol.mode, offer.protocol.k) + V,
    [api.name]: -beta * api.price,
  }
}

/** Every failed check of the closed form at price coefficient `beta`. */
function disagreements(choices: Choices, spec: RunSpec, beta: number): string[] {
  const failed: string[] = []
  const u = utilities(spec, beta)
  const total = Object.values(u).reduce((sum, x) => sum + Math.exp(x), 0)
  for (const [name, value] of Object.entries(u)) {
    const s = Math.exp(value) / total
    const share = (choices.counts[name] ?? 0) / choices.n
    const se = Math.sqrt((s * (1 - s)) / choices.n)
    if (Math.abs(share - s) > Z * se) failed.push(`${name}: share ${share} vs ${s} ± ${Z * se}`)
  }
  const offer = spec.demand?.offers[0]?.name as string
  const a = choices.counts.network ?? 0
  const b = choices.counts[offer] ?? 0
  const expected = (u.network as number) - (u[offer] as number)
  const q = 1 / (1 + Math.exp(-expected))
  const se = Math.sqrt(1 / ((a + b) * q * (1 - q)))
  const moved = Math.log(a / b)
  if (Math.abs(moved - expected) > Z * se)
    failed.push(`network vs ${offer}: log-odds ${moved} vs ${expected} ± ${Z * se}`)
  return failed
}

describe('library: two network offers and an API, chosen by the logit', () => {
  it('splits first choices as the closed form predicts and runs each offer’s jobs on its own replicas', async () => {
    const first = await runScenario(runner, file, { out: () => join(tmp, 'a') })
    const second = await runScenario(runner, file, { out: () => join(tmp, 'b') })
    const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8')
    // Same seed, same bytes.
    expect(read(second.out, 'periods.ndjson')).toBe(read(first.out, 'periods.ndjson'))
    expect(second.traceSha256).toBe(first.traceSha256)

    const { spec } = first
    const demand = spec.demand as NonNullable<RunSpec['demand']>
    const segment = demand.segments[0]?.segment
    const offer = demand.offers[0]
    if (!segment || !offer || demand.segments.length !== 1 || demand.offers.length !== 1)
      throw new Error(`${file} must have one segment and one offer`)
    // What the closed form assumes: only price and verifiability move the choice, made once.
    expect(segment.weights).toMatchObject({ latency: 0, failure: 0, fraud: 0 })
    expect(segment.switchingCost).toBe(0)
    expect(demand.providers.map((p) => p.outages.meanUp)).toEqual([0])
    expect(offer.protocol.mode).toBe('replication')
    expect(spec.protocol.mode).toBe('sampling')
    const k = offer.protocol.k

    const rows: PeriodRow[] = read(first.out, 'periods.ndjson')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    const name = demand.segments[0]?.name as string
    const sum = (f: (s: PeriodRow['segments'][string]) => number) =>
      rows.reduce((total, r) => total + (r.segments[name] ? f(r.segments[name]) : 0), 0)
    const providers = ['network', offer.name, demand.providers[0]?.name as string]
    const counts = Object.fromEntries(
      providers.map((p) => [p, sum((s) => s.choices[p] ?? 0) / demand.weight]),
    )
    const n = sum((s) => s.arrivals) / demand.weight
    // One choice per arrival: no review and no outage made a second one.
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(n)
    expect(n).toBeGreaterThan(3000)
    // The offer's price as requesters saw it: −β × fee × k.
    const beta = segment.weights.price
    for (const r of rows) {
      const term = r.segments[name]?.terms[offer.name]?.price
      if (term !== undefined) expect(term).toBeCloseTo(-beta * offer.fee * k, 9)
    }
    expect(disagreements({ n, counts }, spec, beta)).toEqual([])
    expect(disagreements({ n, counts }, spec, 0.75 * beta).length).toBeGreaterThan(0)

    // Each network job's replicas, from the trace: the offer's ran on k hosts, the network's on one.
    const jobs = new Map<number, { offer: number; hosts: Set<number>; replicas: number }>()
    for (const line of read(first.out, 'trace.ndjson').trim().split('\n')) {
      const e = JSON.parse(line) as TraceEvent
      if (e.type !== 'job') continue
      const job = jobs.get(e.job) ?? { offer: e.offer ?? 0, hosts: new Set<number>(), replicas: 0 }
      job.hosts.add(e.host)
      job.replicas++
      jobs.set(e.job, job)
    }
    const of = (offerIndex: number) => [...jobs.values()].filter((j) => j.offer === offerIndex)
    const replicated = of(1)
    const network = of(0)
    expect(replicated.length).toBeGreaterThan(10)
    expect(network.length).toBeGreaterThan(10)
    for (const j of replicated) expect([j.replicas, j.hosts.size]).toEqual([k, k])
    for (const j of network) expect(j.replicas).toBe(1)
    // Replicas run = jobs × k, and the run's results are every replica of both.
    const replicas = replicated.reduce((total, j) => total + j.replicas, 0)
    expect(replicas).toBe(replicated.length * k)
    expect(first.result.counts.results).toBe(network.length + replicas)
    // One job per request the book counted for each configuration (none went unserved).
    expect(sum((s) => s.volume[offer.name] ?? 0) / demand.weight).toBe(replicated.length)
    expect(sum((s) => s.volume.network ?? 0) / demand.weight).toBe(network.length)
  }, 240_000)
})
