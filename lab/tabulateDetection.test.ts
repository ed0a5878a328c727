import { describe, expect, it } from 'vitest'
import type { SweepRecord } from '../reports/index.ts'
import type { RunSpec } from '../sim/index.ts'
import { formatDetectionTable } from './formatDetectionTable.ts'
import { tabulateDetection } from './tabulateDetection.ts'

const specOf = (variant: string, lazy: number) =>
  ({ hosts: { variant, shares: { honest: 1 - lazy, lazy, adaptive: 0, rational: 0 } } }) as unknown as RunSpec

const recordOf = (point: number, latency: number | null, counts: Record<string, number>) =>
  ({ point, params: {}, metrics: { detection_latency_tokens: latency }, counts }) as unknown as SweepRecord

describe('tabulateDetection', () => {
  it('pools counts per point, averages the latency over runs that convicted, and names honest-only points', () => {
    const counts = { bad_results: 4, detected: 3, undetected: 1, honest_results: 10, false_slashes: 0 }
    const rows = tabulateDetection({
      runs: [
        { point: 0, spec: specOf('kv8', 0.25) },
        { point: 1, spec: specOf('kv8', 0) },
      ],
      records: [
        recordOf(1, null, {
          bad_results: 0,
          detected: 0,
          undetected: 0,
          honest_results: 12,
          false_slashes: 1,
        }),
        recordOf(0, 16, counts),
        recordOf(0, 32, { ...counts, detected: 1, undetected: 3 }),
        recordOf(0, null, counts),
      ],
    })
    expect(rows).toEqual([
      {
        point: 0,
        cheat: 'kv8',
        runs: 3,
        tokensToDetect: 24,
        detectionRate: 7 / 12,
        badResults: 12,
        badFinal: 5,
        honestResults: 30,
        falseSlashes: 0,
      },
      {
        point: 1,
        cheat: null,
        runs: 1,
        tokensToDetect: null,
        detectionRate: null,
        badResults: 0,
        badFinal: 0,
        honestResults: 12,
        falseSlashes: 1,
      },
    ])
    expect(formatDetectionTable(rows).split('\n').slice(2, 4)).toEqual([
      '| kv8 | 3 | 24 | 0.583 | 12 | 5 | 30 | 0 |',
      '| none (honest only) | 1 | — | — | 0 | 0 | 12 | 1 |',
    ])
  })
})
