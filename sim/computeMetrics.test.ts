import { describe, expect, it } from 'vitest'
import { computeMetrics, METRIC_NAMES, type Tallies } from './computeMetrics.ts'
import { MARKET_METRIC_NAMES, type MarketMetrics } from './market/types.ts'
import { toUnits } from './units.ts'

const base: Tallies = {
  jobs: 50,
  results: 100,
  honestResults: 80,
  badResults: 20,
  badFinalized: 5,
  badSlashed: 15,
  honestSlashed: 0,
  usefulFlops: 1e9,
  verifierFlops: 1e8,
  refereeFlops: 2e7,
  verificationGas: 1_000_000n,
  protocolGas: 5_000_000n,
  finalityLatencies: [10, 20, 30, 40],
  finalityLatencySum: 100,
  blockLatencies: [],
  detectionLatencies: [5, 7],
  offeredJobs: 120,
  networkJobs: 100,
  badRefunded: 0,
  modeledCost: 0,
  jackpots: 0,
  bribes: 0,
  networkFees: 5,
  slashesByOffer: [],
  emitted: 0,
  hosts: [
    { behaviour: 'honest', stake: 100, computeCost: 1, revenue: toUnits(3), slashed: 0n },
    { behaviour: 'lazy', stake: 100, computeCost: 0.5, revenue: toUnits(2), slashed: toUnits(10) },
  ],
  elapsed: 7200,
}

describe('computeMetrics', () => {
  it('applies the DESIGN.md definitions', () => {
    const m = computeMetrics(base, { costPerFlop: 1e-9, gasPrice: 1e-9 })
    // (0.12 tokens of compute + 0.001 tokens of gas) ÷ 1 token of useful compute
    expect(m.verification_overhead).toBeCloseTo(0.121, 12)
    expect(m.undetected_fraud_rate).toBe(0.05)
    expect(m.detection_rate).toBe(0.75)
    expect(m.false_slash_rate).toBe(0)
    expect(m.honest_return).toBeCloseTo(2 / 100 / 2, 12)
    expect(m.cheater_return).toBeCloseTo((2 - 0.5 - 10) / 100 / 2, 12)
    // Per job, not per result: 50 jobs ran as 100 results.
    expect(m.gas_per_job).toBe(100_000)
    expect(m.finality_latency_p50).toBe(20)
    expect(m.finality_latency_p95).toBe(40)
    expect(m.time_to_detection_p50).toBe(5)
    expect(m.adoption_share).toBeCloseTo(100 / 120, 12)
    // (1 + 0.12 tokens of compute + 0.005 tokens of gas) over 4 finalized jobs
    expect(m.cost_per_verified_inference).toBeCloseTo(1.125 / 4, 12)
  })

  it('adds modeled verification costs to the overhead', () => {
    const m = computeMetrics({ ...base, modeledCost: 0.5 }, { costPerFlop: 1e-9, gasPrice: 1e-9 })
    expect(m.verification_overhead).toBeCloseTo(0.621, 12)
  })

  it('gives null where a metric has no meaning instead of dividing by zero', () => {
    const m = computeMetrics(
      {
        ...base,
        badResults: 0,
        badSlashed: 0,
        badFinalized: 0,
        hosts: base.hosts.slice(0, 1),
        finalityLatencies: [],
      },
      { costPerFlop: 1e-9, gasPrice: 1e-9 },
    )
    expect(m.detection_rate).toBeNull()
    expect(m.cheater_return).toBeNull()
    expect(m.finality_latency_p50).toBeNull()
    expect(m.undetected_fraud_rate).toBe(0)
  })
  it('prices a decoder run in tokens from its generation books, not FLOPs', () => {
    const generation = {
      tokens: 1000,
      usefulCost: 2,
      verifierCost: 0.3,
      refereeCost: 0.1,
      detectionTokens: [40, 80],
    }
    const m = computeMetrics({ ...base, generation }, { costPerFlop: 1e-9, gasPrice: 1e-9 })
    expect(m.tokens_generated).toBe(1000)
    expect(m.generation_cost_per_token).toBeCloseTo(0.002, 15)
    expect(m.verification_cost_per_token).toBeCloseTo(0.0004, 15)
    // (0.4 tokens of checks + 0.001 of verification gas) ÷ 2 tokens of honest generation
    expect(m.verification_overhead).toBeCloseTo(0.2005, 12)
    expect(m.detection_latency_tokens).toBe(60)
    // (2.4 tokens of compute + 0.005 of gas) ÷ 4 final results
    expect(m.cost_per_verified_inference).toBeCloseTo(2.405 / 4, 12)
    const none = computeMetrics(
      { ...base, generation: { ...generation, detectionTokens: [] } },
      { costPerFlop: 1, gasPrice: 0 },
    )
    expect(none.detection_latency_tokens).toBeNull()
    // A modeled TEE's or prover's extra compute is verification compute per token too.
    const attested = computeMetrics(
      { ...base, generation, modeledCost: 0.6 },
      { costPerFlop: 1e-9, gasPrice: 1e-9 },
    )
    expect(attested.verification_cost_per_token).toBeCloseTo(0.001, 15)
    const forward = computeMetrics(base, { costPerFlop: 1e-9, gasPrice: 1e-9 })
    expect([
      forward.tokens_generated,
      forward.generation_cost_per_token,
      forward.detection_latency_tokens,
    ]).toEqual([null, null, null])
  })

  it('gives the market metrics of a run with demand, and null for each without', () => {
    const economics = { costPerFlop: 1e-9, gasPrice: 1e-9 }
    const without = computeMetrics(base, economics)
    for (const name of MARKET_METRIC_NAMES) expect(without[name], name).toBeNull()
    const market = Object.fromEntries(MARKET_METRIC_NAMES.map((name, i) => [name, i / 10])) as MarketMetrics
    const withMarket = computeMetrics(base, economics, market)
    for (const name of MARKET_METRIC_NAMES) expect(withMarket[name], name).toBe(market[name])
    // The market adds metrics and changes none of the others.
    expect({ ...withMarket, ...without }).toEqual(without)
    expect(Object.keys(withMarket)).toEqual([...METRIC_NAMES])
  })
})
