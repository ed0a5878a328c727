import { describe, expect, it } from 'vitest'
import { InputError } from '../errors/index.ts'
import { describeDecoder } from './cost/describeDecoder.ts'
import { H100_SXM } from './cost/hardwareProfiles.ts'
import { LLAMA_LIKE_DECODERS } from './cost/llamaLikeDecoders.ts'
import { prefillCost } from './cost/prefillCost.ts'
import { createGeneration } from './createGeneration.ts'
import { createFakeInference } from './fixtures/fakeInference.ts'
import {
  decoderSpecOf,
  eventsOf,
  FAKE_DECODER,
  FP16,
  FP32,
  honestNullOf,
  simulate,
} from './fixtures/simulate.ts'
import type { RunSpec } from './runSpec.ts'
import type { TraceEvent } from './traceEvent.ts'

/** Output tokens of the jobs in a trace, once per job whatever the number of replicas. */
const outputTokens = (trace: readonly TraceEvent[]) => {
  const byJob = new Map<number, number>()
  for (const job of eventsOf(trace, 'job')) byJob.set(job.job, job.output as number)
  return [...byJob.values()].reduce((a, b) => a + b, 0)
}

/** Hosts that ran a cheat at least once (lazy hosts cheat on every job at cheatRate 1). */
const cheaters = (trace: readonly TraceEvent[]) =>
  new Set(
    eventsOf(trace, 'job')
      .filter((j) => j.variant !== 'honest')
      .map((j) => j.host),
  )

const withDetection =
  (variant: RunSpec['hosts']['variant'], hardware = [{ profile: FP32, share: 1 }]) =>
  (spec: RunSpec): RunSpec => ({
    ...spec,
    hosts: { ...spec.hosts, variant, hardware },
    protocol: { ...spec.protocol, mode: 'sampling', p: 1, detection: { alpha: 0.001, beta: 0.01, delta: 1 } },
  })

describe('createGeneration', () => {
  it('draws token counts within the workload and gives every order the workload’s checkpoints', async () => {
    const spec = decoderSpecOf()
    const fake = createFakeInference({ tolerance: spec.tolerance })
    const generation = createGeneration(spec, await fake.load(spec.model), undefined)
    if (!generation) throw new Error('a decoder spec gave no generation')
    // Five chunks of the longest output (40 tokens of 8), two blocks each.
    expect(generation.checkpoints).toBe(10)
    expect(generation.blocks).toBe(2)
    let u = 0
    const orders = Array.from({ length: 200 }, () => generation.draw(() => (u = (u + 0.37) % 1)))
    const outputs = orders.map((o) => o.outputTokens)
    expect(Math.min(...outputs)).toBe(4)
    expect(Math.max(...outputs)).toBe(40)
    expect(orders.every((o) => o.promptTokens === 8 && o.checkpoints === 10 && o.chunkSize === 8)).toBe(true)
    expect(createGeneration(decoderSpecOf(), await fake.load(spec.model), undefined)?.modeled).toBe(false)
    expect(() => createGeneration({ ...spec, workload: null }, { id: 'x' } as never, undefined)).toThrow(
      /no workload/,
    )
  })

  it('prices the referee’s step as one block of the prefill up to its chunk’s end', async () => {
    const spec = decoderSpecOf()
    const info = await createFakeInference({ tolerance: spec.tolerance }).load(spec.model)
    const generation = createGeneration(spec, info, undefined)
    const shape = info.decoder
    if (!generation || !shape) throw new Error('a decoder spec gave no generation')
    const order = { ...generation.draw(() => 0.99), outputTokens: 20 }
    const arithmetic = describeDecoder({ ...shape, bytesPerWeight: 4, kvBytesPerElement: 4 })
    // Checkpoints 3 and 4 are blocks 1 and 2 of chunk 2, which ends at output token 16.
    const prefill = prefillCost(arithmetic, H100_SXM, 8 + 16)
    for (const checkpoint of [3, 4]) {
      const price = generation.referee(order, checkpoint)
      expect(price.cost).toBeCloseTo(prefill.usd / 2, 15)
      expect(price.seconds).toBeCloseTo(prefill.seconds / 2, 12)
    }
    expect(generation.referee(order, 5).cost).toBeGreaterThan(generation.referee(order, 4).cost)
  })

  it('counts every generated token in every mode', async () => {
    for (const mode of ['none', 'sampling', 'optimistic', 'replication'] as const) {
      const spec = decoderSpecOf({ 'protocol.mode': mode, 'protocol.watchProbability': 1 })
      const { result, trace } = await simulate({}, { spec })
      expect(result.counts.jobs, mode).toBeGreaterThan(50)
      expect(result.metrics.tokens_generated, mode).toBe(outputTokens(trace))
      expect(result.metrics.generation_cost_per_token as number, mode).toBeGreaterThan(0)
      expect(result.model.layers, mode).toBe(10)
      expect(result.generation, mode).toEqual({
        hardware: 'H100 SXM',
        decoder: expect.any(String),
        decoderParams: result.model.parameters,
        modeled: false,
      })
    }
  })

  it('prices a prefill check below generation on an H100, the more so the longer the outputs', async () => {
    const llama7b = LLAMA_LIKE_DECODERS.find((d) => d.name === 'Llama-2-7B')
    const run = async (output: number) => {
      const spec = decoderSpecOf({ 'hosts.behaviours': { honest: 1 } }, (s) => ({
        ...s,
        workload: { ...(s.workload as NonNullable<RunSpec['workload']>), outputTokens: { fixed: output } },
        economics: {
          ...s.economics,
          generationCost: { hardware: H100_SXM, decoder: llama7b ?? null },
        },
      }))
      const { result } = await simulate({}, { spec })
      expect(result.counts.checks).toBe(result.counts.jobs)
      expect(result.generation?.modeled).toBe(true)
      expect(result.modeled.join(' ')).toMatch(/modeled for Llama-2-7B on H100 SXM/)
      const m = result.metrics
      expect(m.verification_cost_per_token as number).toBeLessThan(m.generation_cost_per_token as number)
      return (m.verification_cost_per_token as number) / (m.generation_cost_per_token as number)
    }
    const short = await run(8)
    const long = await run(48)
    expect(long).toBeLessThan(short)
  })

  it('bisects over (chunk, block) to the cheat’s first bad block within ⌈log2(chunks × blocks)⌉ rounds', async () => {
    // int4 moves every block: block 1 of chunk 1. skip drops the last block of 2, or of 3:
    // block 2 (checkpoint 2) or block 3 (checkpoint 3) of chunk 1.
    const cases = [
      { variant: 'int4', blocks: 2, layer: 1 },
      { variant: 'skip', blocks: 2, layer: 2 },
      { variant: 'skip', blocks: 3, layer: 3 },
    ] as const
    for (const { variant, blocks, layer } of cases) {
      const spec = decoderSpecOf({ 'protocol.mode': 'optimistic', 'protocol.watchProbability': 1 }, (s) => ({
        ...s,
        model: { ...FAKE_DECODER, blocks },
        hosts: { ...s.hosts, variant },
      }))
      const { result, trace } = await simulate({}, { spec })
      const checkpoints = 5 * blocks
      expect(result.model.layers).toBe(checkpoints)
      const games = eventsOf(trace, 'game')
      expect(games.length, variant).toBeGreaterThan(0)
      for (const game of games) {
        expect(game, `${variant} of ${blocks} blocks`).toMatchObject({
          hostLost: true,
          byTimeout: false,
          layer,
        })
        expect(game.rounds as number).toBeLessThanOrEqual(Math.ceil(Math.log2(checkpoints)))
      }
      expect(result.counts.false_slashes).toBe(0)
    }
  })

  it('bisects over chunks and convicts a cheat whose short output is padded', async () => {
    const spec = decoderSpecOf({ 'protocol.mode': 'optimistic', 'protocol.watchProbability': 1 })
    const { result, trace } = await simulate({}, { spec })
    const games = eventsOf(trace, 'game')
    const outputOf = new Map(eventsOf(trace, 'job').map((j) => [j.job, j.output as number]))
    // Outputs of 8 tokens or fewer fill one chunk of five (checkpoints 1–2 of 10): the first
    // bisection step lands on padding.
    expect(games.filter((g) => (outputOf.get(g.job) as number) <= 8).length).toBeGreaterThan(0)
    for (const game of games) expect(game).toMatchObject({ hostLost: true, byTimeout: false, layer: 1 })
    expect(result.counts.detected).toBe(result.counts.bad_results)
    expect(result.counts.false_slashes).toBe(0)
    expect(eventsOf(trace, 'chunks_checked').length).toBe(result.counts.checks)
  })

  it('convicts an 8-bit KV cache by the sequential test after more than one chunk, and no honest host', async () => {
    const spec = decoderSpecOf(
      {},
      withDetection('kv8', [
        { profile: FP32, share: 0.5 },
        { profile: FP16, share: 0.5 },
      ]),
    )
    const honestNull = await honestNullOf(spec)
    const { result, trace } = await simulate({}, { spec, honestNull })
    const bad = cheaters(trace)
    const checked = eventsOf(trace, 'chunks_checked')
    // kv8 passes every single chunk: only the accumulated statistic can convict it.
    expect(checked.filter((c) => bad.has(c.host)).every((c) => c.failed === 0)).toBe(true)
    const convictions = eventsOf(trace, 'detection').filter((d) => d.verdict === 'convict')
    expect(convictions.length).toBeGreaterThan(3)
    for (const d of convictions) {
      expect(bad.has(d.host)).toBe(true)
      expect(d.chunks).toBeGreaterThan(1)
    }
    // Honest hosts' tests clear, again and again, and never convict.
    expect(
      eventsOf(trace, 'detection').filter((d) => d.verdict === 'clear' && !bad.has(d.host)).length,
    ).toBeGreaterThan(10)
    expect(result.counts.false_slashes).toBe(0)
    expect(result.counts.detected).toBe(convictions.length)
    expect(result.metrics.detection_latency_tokens as number).toBeGreaterThan(8)
  })

  it('convicts int4 on its first check', async () => {
    const spec = decoderSpecOf({}, withDetection('int4'))
    const { trace } = await simulate({}, { spec, honestNull: await honestNullOf(spec) })
    for (const host of cheaters(trace)) {
      const first = eventsOf(trace, 'chunks_checked').find((c) => c.host === host)
      expect(first).toMatchObject({ verdict: 'convict' })
      expect(first?.failed).toBeGreaterThan(0)
    }
  })

  it('refuses detection without an honest null, and repeats a run byte for byte', async () => {
    const spec = decoderSpecOf({}, withDetection('kv8'))
    await expect(simulate({}, { spec })).rejects.toThrow(InputError)
    await expect(simulate({}, { spec })).rejects.toThrow(/honest null/)
    const honestNull = await honestNullOf(spec)
    const a = await simulate({}, { spec, honestNull })
    const b = await simulate({}, { spec, honestNull })
    expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace))
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result))
  })
})
