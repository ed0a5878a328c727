import { describe, expect, it } from 'vitest'
import type { SweepRecord, SweepSummary } from '../reports/index.ts'
import type { RunSpec } from '../sim/index.ts'
import { formatAdoptionTable } from './formatAdoptionTable.ts'
import { tabulateAdoption } from './tabulateAdoption.ts'

const specOf = (mode: string, fee: number, prices: number[]) =>
  ({
    protocol: { mode, k: 3 },
    requesters: { fee },
    demand: { providers: prices.map((price, i) => ({ name: `api${i}`, price })) },
  }) as unknown as RunSpec

const recordOf = (point: number) => ({ point, model: { flops: { honest: 1352 } } }) as unknown as SweepRecord

const estimate = (mean: number | null, ci95: [number, number] | null = null) => ({ mean, ci95 })

const pointOf = (share: number | null) => ({
  params: {},
  replicates: 2,
  metrics: {
    production_adoption_share: estimate(share, share === null ? null : [share - 0.1, share + 0.1]),
    production_share: estimate(share === null ? null : 1),
    cost_per_verified_inference: estimate(0.0016),
    undetected_fraud_rate: estimate(0),
  },
})

describe('tabulateAdoption', () => {
  it('prices a replicated job k times, marks modeled modes, takes the cheapest API and the summary’s estimates', () => {
    const rows = tabulateAdoption({
      runs: [
        { point: 0, spec: specOf('replication', 0.001, [0.0009, 0.0008]) },
        { point: 1, spec: specOf('tee', 0.001, []) },
      ],
      records: [recordOf(1), recordOf(0), recordOf(0)],
      summary: { points: [pointOf(0.25), pointOf(null)] } as unknown as SweepSummary,
    })
    expect(rows.map((r) => [r.point, r.mode, r.networkPrice, r.centralPrice, r.runs, r.flops])).toEqual([
      [0, 'replication k=3', 0.003, 0.0008, 2, 1352],
      [1, 'tee (modeled)', 0.001, null, 1, 1352],
    ])
    expect(rows[0]?.metrics.production_adoption_share).toEqual({ mean: 0.25, ci95: [0.15, 0.35] })
    const table = formatAdoptionTable(rows).trimEnd().split('\n')
    expect(table[0]).toBe(
      '| mode | model FLOPs | network price | centralized price | runs | production_adoption_share | production_share | cost_per_verified_inference | undetected_fraud_rate |',
    )
    expect(table[2]).toBe(
      '| replication k=3 | 1352 | 0.003 | 0.0008 | 2 | 0.25 [0.15, 0.35] | 1 | 0.0016 | 0 |',
    )
    // An undefined share (nobody chose the network) is a dash, never 0 or NaN.
    expect(table[3]).toBe('| tee (modeled) | 1352 | 0.001 | — | 1 | — | — | 0.0016 | 0 |')
  })
})
