import { describe, expect, it } from 'vitest'
import { LATENCY_EDGES, METRIC_NAMES } from '../sim/index.ts'
import { buildFigures, type ReportInput } from './buildFigures.ts'
import type { SweepRecord } from './writeRunFolder.ts'

const base: ReportInput['base'] = {
  mode: 'sampling',
  fee: 0.01,
  stake: 100,
  slashFraction: 0.1,
  variant: 'skip',
}

/** A run with a latency histogram holding `latencies` in bins by index, and metrics from `m`. */
function run(
  point: number,
  replicate: number,
  params: Record<string, unknown>,
  options: { mode?: string; bins?: Record<number, number>; adoption?: number; m?: number } = {},
): SweepRecord {
  const counts = LATENCY_EDGES.map((_, i) => options.bins?.[i] ?? 0)
  return {
    point,
    replicate,
    seed: 1,
    params,
    metrics: Object.fromEntries(
      METRIC_NAMES.map((n) => [n, (options.m ?? point) + replicate / 10]),
    ) as SweepRecord['metrics'],
    counts: {},
    mode: options.mode ?? 'sampling',
    cost_per_flop: 1e-5,
    model: { hash: 'h', layers: 3, flops: { honest: 1000, skip: 600 } },
    gas_by_call: { commit: { calls: 2, gas: 100 } },
    adoption: [
      { t: 10, share: options.adoption ?? 0.5 },
      { t: 20, share: (options.adoption ?? 0.5) / 2 },
    ],
    finality_latency: { edges: [...LATENCY_EDGES], counts },
    trace_sha256: '',
    elapsed: 20,
    modeled: [],
  }
}

type Trace = { name?: string; x: number[]; y: (number | null)[]; showlegend?: boolean }
type Layout = { xaxis: { type?: string }; yaxis?: { range?: [number, number] }; shapes?: { x0: number }[] }
const figure = (records: SweepRecord[], id: string) => {
  const f = buildFigures({ records, base }).find((g) => g.id === id)
  if (!f) throw new Error(`no figure ${id}`)
  return { ...f, data: f.data as Trace[], layout: f.layout as Layout }
}
const named = (data: Trace[]) => data.filter((t) => t.showlegend !== false)

describe('buildFigures', () => {
  // protocol.p × hosts.stake, two replicates: C = 400 FLOPs × 2.5e-3 = 1 token saved per job,
  // so p* = 1 / (0.01 + 0.1 × stake): 0.1996 for a stake of 50, 0.0999 for 100.
  const grid = [0.05, 0.3].flatMap((p, i) =>
    [50, 100].flatMap((stake, j) => {
      const point = i * 2 + j
      return [0, 1].map((r) => ({
        ...run(point, r, { 'protocol.p': p, 'hosts.stake': stake }),
        cost_per_flop: 2.5e-3,
      }))
    }),
  )

  it('draws one returns line per value of a second swept field, with p* per line', () => {
    const f = figure(grid, 'returns')
    const lines = named(f.data)
    expect(lines.map((t) => t.name)).toEqual([
      'honest (hosts.stake=50)',
      'cheater (hosts.stake=50)',
      'honest (hosts.stake=100)',
      'cheater (hosts.stake=100)',
    ])
    for (const t of lines) expect(t.x).toEqual([0.05, 0.3])
    expect(lines[0]?.y).toEqual([0.05, 2.05])
    const pStar = (stake: number) => 1 / (0.01 + stake * 0.1)
    expect(f.layout.shapes?.map((s) => s.x0)).toEqual([pStar(50), pStar(100)])
    expect(f.note).toMatch(
      /p\* = C \/ \(R \+ S\), per line: 0\.200 \(hosts\.stake=50\); 0\.0999 \(hosts\.stake=100\) \(dotted\)/,
    )
    expect(named(figure(grid, 'fraud-rates').data)).toHaveLength(4)
  })

  it('keeps a field zipped with p on one line and draws no p* when the slash moves with p', () => {
    const zipped = [0.1, 0.2, 0.4].flatMap((p, point) =>
      [0, 1].map((r) => run(point, r, { 'protocol.p': p, 'protocol.slashFraction': 0.01 / p })),
    )
    const f = figure(zipped, 'returns')
    expect(named(f.data).map((t) => t.name)).toEqual(['honest', 'cheater'])
    expect(named(f.data)[0]?.x).toEqual([0.1, 0.2, 0.4])
    expect(f.layout.shapes).toEqual([])
    expect(f.note).toMatch(/no single p\*: the slash, fee or model changes with p along the line/)
  })

  it('draws the single p* of a sweep of p alone, and none when cheating saves nothing', () => {
    // C = 400 × 1e-5 = 0.004, p* = 0.004 / (0.01 + 10) = 0.0004: drawn only when p spans it.
    const sweep = (ps: number[]) =>
      ps.flatMap((p, point) => [0, 1].map((r) => run(point, r, { 'protocol.p': p })))
    const spanning = figure(sweep([0.0001, 0.001]), 'returns')
    expect(spanning.layout.shapes?.map((s) => s.x0)).toEqual([0.004 / (0.01 + 100 * 0.1)])
    expect(spanning.note).toMatch(/p\* = C \/ \(R \+ S\): 0\.000400 \(dotted\)$/)
    const beyond = figure(sweep([0.1, 0.3]), 'returns')
    expect(beyond.layout.shapes).toEqual([])
    expect(beyond.note).toMatch(/0\.000400, outside the swept p, not drawn$/)
    const honestOnly = sweep([0.0001, 0.001]).map((r) => ({
      ...r,
      model: { ...r.model, flops: { honest: 1000, skip: 1000 } },
    }))
    expect(figure(honestOnly, 'returns').layout.shapes).toEqual([])
  })

  it('plots the finality latency distribution per point, summed over replicates, on a log axis', () => {
    const records = [
      run(0, 0, { 'protocol.p': 0.1 }, { bins: { 8: 2, 9: 2 } }),
      run(0, 1, { 'protocol.p': 0.1 }, { bins: { 9: 4 } }),
      run(1, 0, { 'protocol.p': 0.5 }, { bins: { 12: 1 } }),
    ]
    const f = figure(records, 'finality')
    expect(f.layout.xaxis.type).toBe('log')
    expect(f.data.map((t) => t.name)).toEqual(['protocol.p=0.1', 'protocol.p=0.5'])
    const [first, second] = f.data as [Trace, Trace]
    // Bins 8 to 12 (the occupied range), as outline corners: shares 2/8, 6/8, 0, 0, 0.
    expect(first.x).toEqual([
      LATENCY_EDGES[8],
      LATENCY_EDGES[8],
      LATENCY_EDGES[9],
      LATENCY_EDGES[10],
      LATENCY_EDGES[11],
      LATENCY_EDGES[12],
      LATENCY_EDGES[13],
      LATENCY_EDGES[13],
    ])
    expect(first.y).toEqual([0, 0.25, 0.75, 0, 0, 0, 0, 0])
    expect(second.y).toEqual([0, 0, 0, 0, 0, 1, 1, 0])
    for (const t of f.data) expect(t.x.every((x) => x > 0)).toBe(true)
  })

  it('draws the first (from 0) and the open last latency bin one bin wide', () => {
    const last = LATENCY_EDGES.length - 1
    const f = figure([run(0, 0, {}, { bins: { 0: 1, [last]: 1 } })], 'finality')
    const x = (f.data[0] as Trace).x
    expect(x[0]).toBeCloseTo(10 ** -0.25, 3)
    expect((x.at(-1) as number) / ((LATENCY_EDGES[last] as number) * 10 ** 0.25)).toBeCloseTo(1, 3)
  })

  it('draws adoption and latency one line per mode when the mode varies', () => {
    const records = ['sampling', 'replication'].flatMap((mode, point) =>
      [0, 1].map((r) =>
        run(
          point,
          r,
          { 'protocol.mode': mode },
          { mode, bins: { 10: 1 }, adoption: point === 0 ? 0.8 : 0.4 },
        ),
      ),
    )
    const adoption = figure(records, 'adoption')
    expect(adoption.data.map((t) => t.name)).toEqual(['sampling', 'replication'])
    expect(adoption.data.map((t) => t.y)).toEqual([
      [0.8, 0.4],
      [0.4, 0.2],
    ])
    expect(figure(records, 'finality').data.map((t) => t.name)).toEqual(['sampling', 'replication'])
  })

  it('never draws a rate or an overhead outside its range, whatever the replicates', () => {
    // Rates 0, 0 and 0.03 in three replicates, overhead 0.1, 0.1 and 5: a Student t interval
    // alone reaches below 0 for both, and plotly's autorange pads a line at 0 down to −0.05.
    const records = [0.1, 0.3].flatMap((p, point) =>
      [0, 0, 3].map((fraud, replicate) => {
        const r = run(point, replicate, { 'protocol.p': p })
        return {
          ...r,
          metrics: {
            ...r.metrics,
            undetected_fraud_rate: fraud / 100,
            false_slash_rate: 0,
            verification_overhead: fraud === 0 ? 0.1 : 5,
          },
          counts: { results: 100, undetected: fraud, honest_results: 100, false_slashes: 0 },
        }
      }),
    )
    const rates = figure(records, 'fraud-rates')
    const drawn = rates.data.flatMap((t) => t.y).filter((y): y is number => y !== null)
    expect(drawn.length).toBeGreaterThan(0)
    for (const y of drawn) {
      expect(y).toBeGreaterThanOrEqual(0)
      expect(y).toBeLessThanOrEqual(1)
    }
    const range = rates.layout.yaxis?.range ?? [Number.NaN, Number.NaN]
    expect(range[0]).toBe(0)
    expect(range[1]).toBeLessThanOrEqual(1)
    expect(range[1]).toBeGreaterThanOrEqual(Math.max(...drawn))

    const overhead = figure(records, 'overhead-vs-flops').data as unknown as {
      y: number[]
      error_y: { arrayminus: number[] }
    }[]
    const lowEnds = overhead.flatMap((line) =>
      line.y.map((y, i) => y - (line.error_y.arrayminus[i] as number)),
    )
    expect(lowEnds.length).toBeGreaterThan(0)
    for (const low of lowEnds) expect(low).toBeGreaterThanOrEqual(0)
    expect(figure(records, 'adoption').layout.yaxis?.range).toEqual([0, 1])
  })
})
