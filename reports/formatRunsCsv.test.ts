import { describe, expect, it } from 'vitest'
import { METRIC_NAMES } from '../sim/index.ts'
import { formatRunsCsv } from './formatRunsCsv.ts'
import type { SweepRecord } from './writeRunFolder.ts'

const record: SweepRecord = {
  point: 2,
  replicate: 1,
  seed: 9,
  params: { 'model.width': 64 },
  metrics: Object.fromEntries(METRIC_NAMES.map((m, i) => [m, i / 4])) as SweepRecord['metrics'],
  counts: { jobs: 12, results: 12 },
  mode: 'sampling',
  tolerance: 0.005,
  cost_per_flop: 1e-9,
  model: { hash: 'h', layers: 3, flops: { honest: 230400, skip: 150000 }, parameters: 12_610 },
  gas_by_call: {},
  adoption: [],
  finality_latency: { edges: [0], counts: [0] },
  trace_sha256: '',
  elapsed: 60,
  modeled: ['gas: modeled', 'tee'],
}

describe('formatRunsCsv', () => {
  it('gives each run the model’s FLOPs per honest inference, parameter count and tolerance beside its mode', () => {
    const [header, row] = formatRunsCsv(['model.width'], [record]).trimEnd().split('\n')
    const columns = (header as string).split(',')
    const cells = Object.fromEntries(columns.map((c, i) => [c, (row as string).split(',')[i]]))
    expect(columns.slice(0, 9)).toEqual([
      'point',
      'model.width',
      'replicate',
      'seed',
      'mode',
      'model_flops',
      'model_parameters',
      'tolerance_used',
      'verification_overhead',
    ])
    expect(cells).toMatchObject({
      point: '2',
      'model.width': '64',
      mode: 'sampling',
      model_flops: '230400',
      model_parameters: '12610',
      tolerance_used: '0.005',
      adoption_share: String(METRIC_NAMES.indexOf('adoption_share') / 4),
      jobs: '12',
      virtual_seconds: '60',
    })
    expect(row?.endsWith(',gas: modeled; tee')).toBe(true)
  })

  it('leaves the parameter count empty for a run recorded before it was', () => {
    const old = { ...record, model: { hash: 'h', layers: 3, flops: { honest: 1000 } } }
    const [header, row] = formatRunsCsv([], [old]).trimEnd().split('\n')
    const at = (header as string).split(',').indexOf('model_parameters')
    expect((row as string).split(',')[at]).toBe('')
    expect((row as string).split(',')[at - 1]).toBe('1000')
  })

  it('writes the tolerance each run used, whatever the point, and leaves it empty for a run recorded before it was', () => {
    const swept = { ...record, params: { tolerance: 'auto' }, tolerance: 0.0042 }
    const exact = { ...record, params: { tolerance: 'auto' }, point: 3, tolerance: 0 }
    const { tolerance: _, ...old } = record
    const [header, ...rows] = formatRunsCsv(['tolerance'], [swept, exact, old]).trimEnd().split('\n')
    const columns = (header as string).split(',')
    // A swept tolerance keeps its own column (it may say auto); the figure used is apart from it.
    expect(columns.slice(0, 2)).toEqual(['point', 'tolerance'])
    const used = rows.map((row) => row.split(',')[columns.indexOf('tolerance_used')])
    expect(used).toEqual(['0.0042', '0', ''])
  })

  it('adds the super-individual weight when the folder has demand-market runs', () => {
    const plain = formatRunsCsv([], [record]).split('\n')[0]?.split(',')
    expect(plain).not.toContain('weight')
    const market = { ...record, market: { weight: 25, period: 86_400, periods_sha256: null } }
    const [header, withMarket, without] = formatRunsCsv([], [market, record]).trimEnd().split('\n')
    const columns = (header as string).split(',')
    expect(columns.slice(5, 9)).toEqual([
      'model_parameters',
      'tolerance_used',
      'weight',
      'verification_overhead',
    ])
    expect((withMarket as string).split(',')[columns.indexOf('weight')]).toBe('25')
    expect((without as string).split(',')[columns.indexOf('weight')]).toBe('')
    expect(columns).toContain('retained_production_volume')
  })
})
