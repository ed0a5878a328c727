import { describe, expect, it } from 'vitest'
import type { RunResult, RunSpec } from '../sim/index.ts'
import { toRunRecord } from './toRunRecord.ts'

// Only what toRunRecord reads; the record's other fields are copied through unchanged.
const spec = {
  seed: 7,
  protocol: { mode: 'sampling' },
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
})
