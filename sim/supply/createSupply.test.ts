import { describe, expect, it } from 'vitest'
import { createMemoryLedger } from '../../contracts/index.ts'
import { createRunContext } from '../createRunContext.ts'
import { createFakeInference } from '../fixtures/fakeInference.ts'
import { decoderSpecOf, eventsOf, FAKE_DECODER, simulate, specOf } from '../fixtures/simulate.ts'
import type { Incident, MarketBook, SupplySample } from '../market/types.ts'
import { createMode } from '../modes/createMode.ts'
import { runEventLoop } from '../runEventLoop.ts'
import type { RunSpec } from '../runSpec.ts'
import type { TraceEvent } from '../traceEvent.ts'
import { createVirtualClock } from '../virtualClock.ts'
import { createSupply } from './createSupply.ts'

/** A book that keeps only what the supply side hands it. */
function bookOf() {
  const samples: { now: number; sample: SupplySample }[] = []
  const incidents: Incident[] = []
  const ignore = () => {}
  const book: MarketBook = {
    arrived: ignore,
    converted: ignore,
    chose: ignore,
    requested: ignore,
    settled: ignore,
    incident: (incident) => void incidents.push(incident),
    fees: ignore,
    emitted: ignore,
    supply: (now, sample) => void samples.push({ now, sample }),
    advance: ignore,
    finish: ignore,
    metrics: () => {
      throw new Error('not used')
    },
  }
  return { book, samples, incidents }
}

/** The supply side of `spec` on a bare run context with a book, and its trace. */
async function supplyOf(spec: RunSpec) {
  const inference = createFakeInference({ tolerance: spec.tolerance })
  const trace: TraceEvent[] = []
  const model = await inference.load(spec.model)
  const models = [model]
  for (const entry of spec.catalog?.models.slice(1) ?? []) models.push(await inference.load(entry.model))
  const ctx = createRunContext(
    spec,
    { inference, ledger: createMemoryLedger(), trace: (e) => trace.push(e) },
    model,
    models,
  )
  await inference.close()
  const { book, samples, incidents } = bookOf()
  ctx.book = book
  const supply = createSupply(ctx, createMode(ctx))
  return { ctx, supply, samples, incidents, trace }
}

describe('createSupply', () => {
  it('samples host states and the active hosts’ capacity in real requests per second', async () => {
    const base = specOf({ 'hosts.count': 4 })
    const spec: RunSpec = {
      ...base,
      hosts: {
        ...base.hosts,
        entry: { max: 6, window: 60, every: 30, stakeCostPerDay: 0, enterAbove: 0, exitBelow: 0 },
      },
    }
    const { ctx, supply, samples } = await supplyOf(spec)
    ctx.setHostStatus(1, { state: 'down', until: 50 })
    ctx.setHostStatus(2, { state: 'exited', at: 10 })
    supply.afterBlock(12)
    const perHost = spec.hosts.speed / ctx.honestFlops
    expect(samples).toEqual([
      { now: 12, sample: { active: 2, down: 1, reserve: 2, exited: 1, capacity: 2 * perHost } },
    ])
    // Each request costs k replicas under replication. A super-individual stands for `weight`
    // real requests and keeps its host busy that many times as long, so the weight cancels.
    const replicated = await supplyOf({
      ...base,
      protocol: { ...base.protocol, mode: 'replication', k: 2 },
      demand: { weight: 10 } as RunSpec['demand'],
    })
    replicated.supply.afterBlock(6)
    expect((replicated.samples[0]?.sample.capacity ?? 0) / ((4 * perHost) / 2)).toBeCloseTo(1, 12)
  })

  it('prices a decoder host’s capacity as one honest generation at the workload’s mean sizes', async () => {
    const spec = decoderSpecOf()
    const { ctx, supply, samples } = await supplyOf(spec)
    supply.afterBlock(6)
    const generation = ctx.generationOf(0) as NonNullable<ReturnType<typeof ctx.generationOf>>
    // Prompts of 8 tokens, outputs uniform in [4, 40]: a mean of 22.
    const order = generation.draw(() => 0.5)
    const seconds = generation.host({ ...order, promptTokens: 8, outputTokens: 22 }, 'honest').seconds
    expect((samples[0]?.sample.capacity ?? 0) / (spec.hosts.count / seconds)).toBeCloseTo(1, 12)
  })

  it('prices a decoder catalog’s capacity as the share-weighted honest generation of its decoders', async () => {
    const big = { ...FAKE_DECODER, blocks: 3, seed: 2 }
    const spec = decoderSpecOf({}, (s) => ({
      ...s,
      catalog: {
        models: [
          { name: 'small', model: FAKE_DECODER, share: 0.75, bytes: 1e6 },
          { name: 'big', model: big, share: 0.25, bytes: 1e6 },
        ],
        memory: { host: 1e7, verifier: 1e7 },
        loadBandwidth: 1e9,
        storage: { nodes: 1, bandwidth: 1e9 },
        loadCost: 0,
        holdCost: 0,
        placement: 'popularity',
        coldStart: 'route',
      },
    }))
    const { ctx, supply, samples } = await supplyOf(spec)
    supply.afterBlock(6)
    // Prompts of 8 tokens, outputs uniform in [4, 40]: a mean of 22, on each decoder.
    const seconds = [0, 1].map((m) => {
      const generation = ctx.generationOf(m) as NonNullable<ReturnType<typeof ctx.generationOf>>
      const order = { ...generation.draw(() => 0.5), promptTokens: 8, outputTokens: 22 }
      return generation.host(order, 'honest').seconds
    })
    const [small, large] = seconds as [number, number]
    expect(large).toBeGreaterThan(small)
    const perHost = 1 / (0.75 * small + 0.25 * large)
    expect((samples[0]?.sample.capacity ?? 0) / (spec.hosts.count * perHost)).toBeCloseTo(1, 12)
  })

  it('announces each verification outage at its start and end, in the trace and to the book', async () => {
    const base = specOf({ duration: 100 })
    const outages = [
      { start: 10, end: 25 },
      { start: 90, end: 130 },
    ]
    const { ctx, supply, incidents, trace } = await supplyOf({
      ...base,
      verifiers: { ...base.verifiers, outages },
    })
    supply.start()
    await runEventLoop(ctx.queue, createVirtualClock())
    // The second never ends within the run.
    expect(incidents).toEqual([
      { provider: 'network', kind: 'verification-outage-start', count: 1, t: 10 },
      { provider: 'network', kind: 'verification-outage-end', count: 1, t: 25 },
      { provider: 'network', kind: 'verification-outage-start', count: 1, t: 90 },
    ])
    expect(eventsOf(trace, 'verification_outage').map((e) => [e.t, e.phase])).toEqual([
      [10, 'start'],
      [25, 'end'],
      [90, 'start'],
    ])
  })
})

describe('runSimulation with verifiers.outages', () => {
  it.each([
    ['sampling', { 'protocol.p': 1 }],
    ['optimistic', { 'protocol.mode': 'optimistic', 'protocol.watchProbability': 1 }],
  ] as const)(
    '%s: lets exactly the cheats committed during an outage reach finality unchecked',
    async (_mode, overrides) => {
      const base = specOf({ duration: 300, ...overrides })
      const window = { start: 100, end: 160 }
      const spec = { ...base, verifiers: { ...base.verifiers, outages: [window] } }
      const { trace, result } = await simulate({}, { spec })

      // A host commits its results in the order it ran them: its k-th commitment holds its next
      // `jobs` jobs. That gives each job its commitment time.
      const committedAt = new Map<number, number>()
      const jobs = eventsOf(trace, 'job')
      for (const commit of eventsOf(trace, 'commit')) {
        const mine = jobs.filter((j) => j.host === commit.host && !committedAt.has(j.job))
        for (const j of mine.slice(0, commit.jobs)) committedAt.set(j.job, commit.t)
      }
      const slashed = new Set(eventsOf(trace, 'slash').map((s) => s.job))
      const checked = new Set(eventsOf(trace, 'check').map((c) => c.job))
      const bad = jobs.filter((j) => j.variant !== 'honest')
      const inWindow = (job: number) => {
        const t = committedAt.get(job) as number
        return t >= window.start && t < window.end
      }
      const unchecked = bad.filter((j) => inWindow(j.job))
      expect(unchecked.length).toBeGreaterThan(5)
      expect(bad.length - unchecked.length).toBeGreaterThan(5)
      for (const j of jobs) expect(checked.has(j.job), `job ${j.job}`).toBe(!inWindow(j.job))
      for (const j of bad) expect(slashed.has(j.job), `job ${j.job}`).toBe(!inWindow(j.job))
      expect(result.counts.undetected).toBe(unchecked.length)
      expect(result.counts.bad_results).toBe(bad.length)
    },
  )
})
