import { describe, expect, it } from 'vitest'
import { METRIC_NAMES, type MetricName } from '../sim/index.ts'
import { aggregatePoints, type RunRecord } from './aggregatePoints.ts'
import { METRIC_RANGES } from './metricRanges.ts'

/** A replicate whose rates are `fraud` of 100 results, and whose other metrics are `value`. */
const run = (replicate: number, fraud: number, value: number): RunRecord => ({
  point: 0,
  replicate,
  seed: 1,
  params: {},
  metrics: {
    ...(Object.fromEntries(METRIC_NAMES.map((m) => [m, value])) as Record<MetricName, number>),
    undetected_fraud_rate: fraud / 100,
    detection_rate: 1 - fraud / 100,
    false_slash_rate: fraud / 100,
    adoption_share: fraud / 100,
    // Shares of real request volumes, a churn of at most 1, and a share of jobs: in range like the rates.
    market_adoption_share: fraud / 100,
    production_adoption_share: fraud / 100,
    production_share: fraud / 100,
    repeat_share: fraud / 100,
    incident_churn: fraud / 100,
    cold_starts: fraud / 100,
  },
  counts: {
    results: 100,
    undetected: fraud,
    bad_results: 100,
    detected: 100 - fraud,
    honest_results: 100,
    false_slashes: fraud,
    jobs: fraud,
    unserved_jobs: 0,
    centralized_jobs: 100 - fraud,
  },
})

describe('aggregatePoints', () => {
  it('keeps every 95% interval inside its metric range over three replicates', () => {
    // Rates 0, 0, 0.03 and metrics 0, 0, 5: Student t alone reaches below 0 for both.
    const [point] = aggregatePoints([run(0, 0, 0), run(1, 0, 0), run(2, 3, 5)])
    for (const name of METRIC_NAMES) {
      const { mean, ci95 } = point?.metrics[name] ?? { mean: null, ci95: null }
      const { min, max } = METRIC_RANGES[name]
      expect(ci95, name).not.toBeNull()
      const [lower, upper] = ci95 as [number, number]
      if (min === Number.NEGATIVE_INFINITY) {
        expect(lower, `${name} keeps its Student t interval`).toBeLessThan(0)
        continue
      }
      expect(lower, name).toBeGreaterThanOrEqual(min)
      expect(upper, name).toBeLessThanOrEqual(max)
      expect(mean, name).toBeGreaterThanOrEqual(lower)
      expect(mean, name).toBeLessThanOrEqual(upper)
    }
    expect(point?.metrics.undetected_fraud_rate.mean).toBe(0.01)
    expect(point?.metrics.detection_rate.ci95?.[1]).toBe(1)
    expect(point?.metrics.gas_per_job.ci95?.[0]).toBe(0)
  })

  it('gives a rate no replicate saw a nonzero upper bound', () => {
    const [point] = aggregatePoints([run(0, 0, 1), run(1, 0, 1), run(2, 0, 1)])
    expect(point?.metrics.false_slash_rate.mean).toBe(0)
    expect(point?.metrics.false_slash_rate.ci95?.[0]).toBe(0)
    expect(point?.metrics.false_slash_rate.ci95?.[1]).toBeGreaterThan(0.01)
  })

  it('falls back to a Student t interval cut to [0, 1] when a record lacks the counts', () => {
    const runs = [run(0, 0, 0), run(1, 0, 0), run(2, 3, 5)].map((r) => ({ ...r, counts: {} }))
    const [point] = aggregatePoints(runs)
    expect(point?.metrics.undetected_fraud_rate.mean).toBeCloseTo(0.01, 12)
    expect(point?.metrics.undetected_fraud_rate.ci95?.[0]).toBe(0)
  })
})
