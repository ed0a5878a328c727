import { describe, expect, it } from 'vitest'
import { eventsOf, simulate } from '../fixtures/simulate.ts'

// The base scenario's network, with a catalog of three small MLPs in place of its one model.
const CATALOG = `name: catalog
seed: 3
duration: 120
blockTime: 6
hosts: { count: 6, stake: 100, behaviours: { honest: 0.5, lazy: 0.5 }, variant: int8, cheatRate: 1 }
verifiers: { count: 2 }
requesters: { count: 2, jobRate: 0.5, fee: 0.01 }
protocol: { mode: sampling, p: 1, challengeWindow: 60, slashFraction: 0.01, moveTimeout: 20 }
catalog:
  models:
    - { name: a, model: { builtin: mlp, width: 16, depth: 4, inputSize: 8, outputSize: 4, seed: 1 }, share: 0.6, bytes: 1.0e+9 }
    - { name: b, model: { builtin: mlp, width: 16, depth: 4, inputSize: 8, outputSize: 4, seed: 2 }, share: 0.3, bytes: 1.0e+9 }
    - { name: c, model: { builtin: mlp, width: 32, depth: 2, inputSize: 8, outputSize: 4, seed: 3 }, share: 0.1, bytes: 1.0e+9 }
  hosts: { memory: 1.0e+9 }
  verifiers: { memory: 2.0e+9 }
  loadBandwidth: 1.0e+8
  storage: { nodes: 1, bandwidth: 1.0e+8 }
  holdCost: 0.01
  loadCost: 0.001
`

describe('a model catalog', () => {
  it('draws each job a model, commits per model and splits overhead into re-execution, holding and gas', async () => {
    const { result, trace, spec } = await simulate({ 'catalog.coldStart': 'wait' }, { yaml: CATALOG })
    const jobs = eventsOf(trace, 'job')
    const models = new Set(jobs.map((j) => j.model))
    expect(models).toEqual(new Set([0, 1, 2]))
    const m = result.metrics
    const split =
      (m.overhead_reexecution as number) + (m.overhead_holding as number) + (m.overhead_gas as number)
    expect(split).toBeCloseTo(m.verification_overhead as number, 9)
    expect(m.overhead_holding).toBeGreaterThan(0)
    // Hosts hold one model each and take any request (wait): some wait for a 1e9 / 1e8 = 10 s load.
    expect(m.cold_starts).toBeGreaterThan(0)
    expect(m.cold_start_latency_p95).toBeGreaterThanOrEqual(10)
    expect(eventsOf(trace, 'load').every((l) => l.seconds === 10)).toBe(true)
    expect(result.modeled.some((note) => note.startsWith('catalog:'))).toBe(true)
    expect(spec.catalog?.models.map((c) => c.share)).toEqual([0.6, 0.3, 0.1])
  })

  it('charges a TEE host its swap penalty when its enclave ran another model for its previous job', async () => {
    const tee = { 'protocol.mode': 'tee', 'hosts.behaviours': { honest: 1 }, 'catalog.coldStart': 'wait' }
    const plain = await simulate(tee, { yaml: CATALOG })
    const swapping = await simulate(
      { ...tee, 'protocol.tee.swapSeconds': 5, 'protocol.tee.swapCost': 0.002 },
      { yaml: CATALOG },
    )
    // The same jobs on the same hosts (the penalty moves no draw): count each host's model changes.
    const jobs = eventsOf(swapping.trace, 'job')
    expect(jobs.map((j) => [j.host, j.model])).toEqual(
      eventsOf(plain.trace, 'job').map((j) => [j.host, j.model]),
    )
    const last = new Map<number, number>()
    let swaps = 0
    for (const j of jobs) {
      const before = last.get(j.host)
      if (before !== undefined && before !== j.model) swaps++
      last.set(j.host, j.model as number)
    }
    expect(swaps).toBeGreaterThan(0)
    const cost = (run: typeof plain) => run.result.metrics.overhead_reexecution as number
    // More modeled verification compute over the same useful compute, and later finality.
    expect(cost(swapping)).toBeGreaterThan(cost(plain))
    expect(swapping.result.metrics.finality_latency_p95 as number).toBeGreaterThan(
      plain.result.metrics.finality_latency_p95 as number,
    )
    expect(swapping.result.modeled).toContain(
      'tee: the penalty of swapping models in and out of the enclave is modeled',
    )
    expect(plain.result.modeled).not.toContain(
      'tee: the penalty of swapping models in and out of the enclave is modeled',
    )
  })

  it('gives the hosting metrics null without a catalog', async () => {
    const { result } = await simulate()
    for (const name of ['overhead_reexecution', 'overhead_holding', 'overhead_gas', 'cold_starts'] as const)
      expect(result.metrics[name]).toBeNull()
  })
})
