import { describe, expect, it } from 'vitest'
import { createGeneration } from './createGeneration.ts'
import { createFakeInference } from './fixtures/fakeInference.ts'
import { decoderSpecOf, eventsOf, simulate } from './fixtures/simulate.ts'

// Batched serving (hosts.serving) through whole runs, with the fake inference port.
describe('createServing', () => {
  const serving = { 'hosts.serving.maxBatch': 4, 'hosts.serving.maxWait': 5, 'requesters.jobRate': 2 }

  it('starts a batch when the host is free and it is full or its oldest request waited maxWait', async () => {
    const { result, trace, fake } = await simulate(serving)
    const arrivals = new Map(eventsOf(trace, 'job').map((j) => [j.job, j]))
    const batches = eventsOf(trace, 'serve')
    expect(batches.length).toBeGreaterThan(0)
    expect(fake.calls.inferBatch).toBe(batches.length)
    // Every job ran in exactly one batch, on the host it was sent to.
    const served = batches.flatMap((b) => b.jobs)
    expect(new Set(served).size).toBe(served.length)
    expect(served.length).toBe(result.counts.jobs)
    expect(batches.some((b) => b.jobs.length > 1)).toBe(true)
    const lastUntil = new Map<number, number>()
    for (const batch of batches) {
      expect(batch.jobs.length).toBeLessThanOrEqual(4)
      const jobs = batch.jobs.map((id) => arrivals.get(id))
      for (const job of jobs) {
        expect(job?.host).toBe(batch.host)
        expect(job?.variant).toBe(jobs[0]?.variant)
        expect(batch.t).toBeGreaterThanOrEqual(job?.t ?? Infinity)
      }
      // The host was free.
      expect(batch.t).toBeGreaterThanOrEqual(lastUntil.get(batch.host) ?? 0)
      lastUntil.set(batch.host, batch.until)
      const oldest = Math.min(...jobs.map((j) => j?.t ?? Infinity))
      if (batch.jobs.length < 4) expect(batch.t).toBeGreaterThanOrEqual(oldest + 5)
      expect(batch.until).toBeGreaterThan(batch.t)
    }
  })

  it('ends a batch at its start plus every job’s compute seconds', async () => {
    const { spec, trace } = await simulate({ ...serving, 'hosts.behaviours': { honest: 1 } })
    // Honest hosts only: every job costs the honest FLOPs, so a batch of n lasts n times one job.
    const batches = eventsOf(trace, 'serve')
    const one = batches.find((b) => b.jobs.length === 1)
    const longer = batches.find((b) => b.jobs.length > 1)
    if (!one || !longer) throw new Error('the run made no batch of 1 or of more')
    const seconds = one.until - one.t
    expect(seconds).toBeGreaterThan(0)
    expect(longer.until - longer.t).toBeCloseTo(seconds * longer.jobs.length, 12)
    expect(spec.hosts.serving).toEqual({ maxBatch: 4, maxWait: 5 })
  })

  it('gives the same run for the same spec, and with maxBatch 1 the run without serving', async () => {
    const a = await simulate(serving)
    const b = await simulate(serving)
    expect(b.trace).toEqual(a.trace)
    const alone = await simulate({ ...serving, 'hosts.serving.maxBatch': 1 })
    const plain = await simulate({ 'requesters.jobRate': 2 })
    expect(alone.trace).toEqual(plain.trace)
    expect(alone.fake.calls.inferBatch).toBe(0)
  })

  it('serves a decoder host’s generations in batches lasting the sum of their generation seconds', async () => {
    const spec = decoderSpecOf({ ...serving, 'hosts.behaviours': { honest: 1 } })
    const batched = await simulate({}, { spec })
    const batches = eventsOf(batched.trace, 'serve')
    expect(batches.some((b) => b.jobs.length > 1)).toBe(true)
    expect(batched.fake.calls.inferBatch).toBe(batches.length)
    expect(batches.flatMap((b) => b.jobs)).toHaveLength(batched.result.counts.jobs as number)
    expect(batched.result.metrics.false_slash_rate).toBe(0)
    // Each job priced as it would be alone: its own order's generation seconds, summed.
    const fake = createFakeInference({ tolerance: spec.tolerance })
    const generation = createGeneration(spec, await fake.load(spec.model), undefined)
    const workload = spec.workload as NonNullable<typeof spec.workload>
    const jobs = new Map(eventsOf(batched.trace, 'job').map((j) => [j.job, j]))
    for (const batch of batches) {
      let seconds = 0
      for (const id of batch.jobs) {
        const job = jobs.get(id)
        const order = {
          promptTokens: job?.prompt as number,
          outputTokens: job?.output as number,
          sampling: workload.sampling,
          chunkSize: workload.chunkSize,
          topK: workload.topK,
          checkpoints: generation?.checkpoints as number,
        }
        seconds += generation?.host(order, 'honest').seconds as number
      }
      expect(batch.until - batch.t).toBeCloseTo(seconds, 12)
    }
    const alone = await simulate(
      {},
      { spec: { ...spec, hosts: { ...spec.hosts, serving: { maxBatch: 1, maxWait: 5 } } } },
    )
    expect(alone.fake.calls.inferBatch).toBe(0)
    expect(eventsOf(alone.trace, 'serve')).toHaveLength(0)
  })
})
