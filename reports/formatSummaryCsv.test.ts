import { describe, expect, it } from 'vitest'
import { METRIC_NAMES } from '../sim/index.ts'
import { aggregatePoints, type RunRecord } from './aggregatePoints.ts'
import { formatSummaryCsv } from './formatSummaryCsv.ts'

const run = (point: number, replicate: number, overhead: number | null): RunRecord => ({
  point,
  replicate,
  seed: 1,
  params: { 'protocol.p': point === 0 ? 0.1 : 0.5, 'protocol.mode': 'sampling' },
  metrics: {
    ...(Object.fromEntries(METRIC_NAMES.map((m) => [m, 1])) as RunRecord['metrics']),
    verification_overhead: overhead,
  },
  counts: {},
})

describe('formatSummaryCsv', () => {
  it('writes one row per point and metric with its parameters, n, mean and interval', () => {
    const points = aggregatePoints([run(0, 0, 0.2), run(0, 1, 0.4), run(1, 0, null), run(1, 1, 0.3)])
    const csv = formatSummaryCsv(['protocol.p', 'protocol.mode'], points)
    const [header, ...rows] = csv.trimEnd().split('\n')
    expect(header).toBe('point,protocol.p,protocol.mode,metric,n,mean,lower,upper')
    expect(rows).toHaveLength(2 * METRIC_NAMES.length)
    const overhead = points[0]?.metrics.verification_overhead
    expect(rows[0]).toBe(
      `0,0.1,sampling,verification_overhead,2,${overhead?.mean},${overhead?.ci95?.[0]},${overhead?.ci95?.[1]}`,
    )
    expect(overhead?.ci95?.[0]).toBe(0)
    // Undefined in one replicate: undefined for the point, every estimate empty.
    expect(rows[METRIC_NAMES.length]).toBe('1,0.5,sampling,verification_overhead,2,,,')
  })

  it('leaves the interval of a single run empty', () => {
    const csv = formatSummaryCsv([], aggregatePoints([run(0, 0, 0.25)]))
    expect(csv.split('\n')[1]).toBe('0,verification_overhead,1,0.25,,')
  })
})
