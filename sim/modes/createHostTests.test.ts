import { describe, expect, it } from 'vitest'
import type { Generation } from '../createGeneration.ts'
import { createRecorder } from '../createRecorder.ts'
import type { ModeContext } from '../createRunContext.ts'
import { createStrategies } from '../createStrategies.ts'
import { hostOf, replicaOf } from '../fixtures/replicas.ts'
import { specOf } from '../fixtures/simulate.ts'
import type { CompareResult } from '../ports.ts'
import { createRngStreams } from '../rngStreams.ts'
import type { TraceEvent } from '../traceEvent.ts'
import { createHostTests } from './createHostTests.ts'

// Null mean 1, sd 1: a chunk at distance x scores x − 1. δ = 1 adds x − 1.5 per chunk; convict at ln 1000 ≈ 6.9.
const contextOf = () => {
  const spec = specOf()
  const trace: TraceEvent[] = []
  const hosts = [hostOf(100, 'lazy'), hostOf(100, 'honest')]
  const record = createRecorder({
    spec,
    hosts,
    verifiers: [],
    honestFlops: 1,
    trace: (e) => trace.push(e),
    staked: () => {},
    generating: true,
  })
  const unused = () => {
    throw new Error('host tests must not use this')
  }
  const generation = {
    detection: {
      options: { alpha: 0.001, beta: 0.01, delta: 1 },
      honestNull: { mean: 1, sd: 1, chunks: 100, worstProfile: 'fp16' },
    },
  } as Generation
  const ctx: ModeContext = {
    spec,
    requesterFees: [],
    rng: createRngStreams(1, 0),
    hosts,
    verifiers: [],
    honestFlops: 1,
    generationOf: () => generation,
    record,
    strategies: createStrategies(spec, createRngStreams(1, 0), hosts, [], () => ({
      honest: 0,
      cheat: 0,
      check: 0,
    })),
    trace: (e) => trace.push(e),
    jobCompute: unused,
    submit: unused,
    check: unused,
    refereeCompare: unused,
    refereeLayer: unused,
  }
  return { ctx, trace, record }
}

const compared = (...distances: number[]): CompareResult => ({
  agree: distances.map(() => true),
  flops: 1,
  chunks: distances.map((d, i) => ({
    start: 8 * i,
    count: 8,
    meanValueDistance: d,
    tokenMismatches: 0,
    passed: d < 10,
  })),
})

describe('createHostTests', () => {
  it('carries a host’s evidence across its jobs and starts afresh after a verdict', () => {
    const { ctx, trace, record } = contextOf()
    const tests = createHostTests(ctx)
    // 4.5 per chunk: 9 after two chunks convicts, and the job's third chunk starts no new test;
    // then 3.5 per chunk, carried from one job to the next.
    expect(tests.observe(replicaOf(1, 0, true), compared(6, 6, 6), 10, true)).toBe('convict')
    expect(tests.observe(replicaOf(2, 0, true), compared(5), 11, true)).toBe('continue')
    expect(tests.observe(replicaOf(3, 0, true), compared(5), 12, true)).toBe('convict')
    expect(tests.observe(replicaOf(4, 1), compared(0, 0, 0, 0), 13, true)).toBe('clear')
    const detections = trace.filter((e) => e.type === 'detection')
    expect(detections.map((d) => [d.host, d.job, d.verdict, d.chunks, d.tokens])).toEqual([
      [0, 1, 'convict', 2, 16],
      [0, 3, 'convict', 2, 16],
      [1, 4, 'clear', 4, 32],
    ])
    expect(trace.filter((e) => e.type === 'chunks_checked').map((e) => e.statistic)).toEqual([9, 3.5, 7, -6])
    expect(record.tallies.generation?.detectionTokens).toEqual([16, 16])
  })

  it('convicts on a chunk whose tokens do not re-derive, however honest its hidden states', () => {
    const { ctx } = contextOf()
    const reseeded = compared(0, 0)
    reseeded.chunks = reseeded.chunks?.map((chunk, i) => ({ ...chunk, tokenMismatches: i, passed: i === 0 }))
    expect(createHostTests(ctx).observe(replicaOf(1, 0, true), reseeded, 5, true)).toBe('convict')
  })

  it('starts a fresh test within the job after a clear, so a later chunk can still convict', () => {
    const { ctx, trace } = contextOf()
    // 0 clears the first chunk (see above: -6 after four); 20 convicts a fresh test on its own.
    expect(createHostTests(ctx).observe(replicaOf(1, 0, true), compared(0, 0, 0, 0, 20), 5, true)).toBe(
      'convict',
    )
    expect(trace.filter((e) => e.type === 'detection').map((d) => [d.verdict, d.chunks])).toEqual([
      ['clear', 4],
      ['convict', 1],
    ])
  })

  it('only traces the chunks when the mode does not test', () => {
    const { ctx, trace } = contextOf()
    expect(createHostTests(ctx).observe(replicaOf(1, 0, true), compared(20, 1), 5, false)).toBeNull()
    expect(trace).toEqual([
      { t: 5, type: 'chunks_checked', job: 1, host: 0, chunks: 2, failed: 1, statistic: null, verdict: null },
    ])
  })
})
