import { describe, expect, it } from 'vitest'
import type { RunResult, RunSpec } from '../sim/index.ts'
import { toRunRecord } from './toRunRecord.ts'

// Only what toRunRecord reads; the record's other fields are copied through unchanged.
const spec = {
  seed: 7,
  protocol: { mode: 'sampling' },
  tolerance: 0.005,
  economics: { costPerFlop: 1e-17 },
} as unknown as RunSpec
const forward = {
  metrics: {},
  counts: { jobs: 3 },
  gasByCall: {},
  model: { hash: '0x00', layers: 2, flops: { honest: 10 }, parameters: 4 },
  finalityLatency: { edges: [1], counts: [0] },
  adoption: [],
  elapsed: 5,
  modeled: [],
} as unknown as RunResult
const run = { point: 1, replicate: 0, params: { 'protocol.p': 0.1 }, spec }

describe('toRunRecord', () => {
  it('adds a decoder run’s generation pricing, and nothing to a forward run’s record', () => {
    const plain = toRunRecord(run, forward, 'abc')
    expect('generation' in plain).toBe(false)
    expect(Object.keys(plain)).toEqual([
      'point',
      'replicate',
      'seed',
      'params',
      'mode',
      'tolerance',
      'cost_per_flop',
      'model',
      'metrics',
      'counts',
      'gas_by_call',
      'adoption',
      'finality_latency',
      'trace_sha256',
      'elapsed',
      'modeled',
    ])
    const generation = { hardware: 'H100 SXM', decoder: 'Llama-2-7B', decoderParams: 6.7e9, modeled: true }
    const decoder = toRunRecord(run, { ...forward, generation }, 'abc')
    expect(decoder.generation).toEqual(generation)
    expect(JSON.stringify({ ...decoder, generation: undefined })).toBe(JSON.stringify(plain))
  })

  it('gives a demand-market run its weight, period and periods digest, and leaves other records unchanged', () => {
    const plain = toRunRecord(run, forward, 'abc')
    expect('market' in plain).toBe(false)
    const demand = { weight: 50, period: 3600 }
    const marketRun = { ...run, spec: { ...spec, demand } as unknown as RunSpec }
    const record = toRunRecord(marketRun, forward, 'abc', 'ef'.repeat(32))
    expect(record.market).toEqual({ weight: 50, period: 3600, periods_sha256: 'ef'.repeat(32) })
    expect(JSON.stringify({ ...record, market: undefined })).toBe(JSON.stringify(plain))
    expect(toRunRecord(marketRun, forward, 'abc').market?.periods_sha256).toBeNull()
  })

  it('keeps the tolerance the run compared at, and for tolerance: auto the spread and margin behind it', () => {
    expect(toRunRecord(run, forward, 'abc').tolerance).toBe(0.005)
    const toleranceAuto = { margin: 4, measured: { spread: 2.5e-4, floored: false } }
    const auto = { ...run, spec: { ...spec, tolerance: 1e-3, toleranceAuto } as unknown as RunSpec }
    const record = toRunRecord(auto, forward, 'abc')
    expect(record.tolerance).toBe(1e-3)
    expect(record.tolerance_auto).toEqual({ measured_spread: 2.5e-4, margin: 4, floored: false })
    expect('tolerance_auto' in toRunRecord(run, forward, 'abc')).toBe(false)
  })
})
