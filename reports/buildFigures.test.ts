import { describe, expect, it } from 'vitest'
import { LATENCY_EDGES, METRIC_NAMES } from '../sim/index.ts'
import { buildFigures, type ReportInput } from './buildFigures.ts'
import { tallyTimeline } from './figures/tallyTimeline.ts'
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

type Trace = {
  name?: string
  mode?: string
  type?: string
  x: number[]
  y: (number | null)[]
  width?: number[]
  showlegend?: boolean
  xaxis?: string
}
type Layout = {
  xaxis: { type?: string }
  yaxis?: { range?: [number, number] }
  shapes?: { x0: number; xref?: string; line?: { dash?: string } }[]
  annotations?: { text: string; xref?: string }[]
  grid?: { rows: number; columns: number }
}
const figure = (records: SweepRecord[], id: string) => {
  const f = buildFigures({ records, base }).find((g) => g.id === id)
  if (!f) throw new Error(`no figure ${id}`)
  return { ...f, data: f.data as Trace[], layout: f.layout as Layout }
}
const named = (data: Trace[]) => data.filter((t) => t.showlegend !== false)
/** The lines of a band figure (each over its two invisible interval edges). */
const lines = (data: Trace[]) => data.filter((t) => t.mode === 'lines+markers')
/** Vertical lines at a data x (p*, p50, p95), not the panels' zero lines. */
const markers = (layout: Layout) => (layout.shapes ?? []).filter((s) => !s.xref?.endsWith('domain'))
const panelTitles = (layout: Layout) =>
  (layout.annotations ?? []).filter((a) => a.xref?.endsWith('domain')).map((a) => a.text)

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

  it('draws one returns panel per value of a second swept field, honest and cheater in each, with p* per panel', () => {
    const f = figure(grid, 'returns')
    expect(panelTitles(f.layout)).toEqual(['hosts.stake=50', 'hosts.stake=100'])
    expect(f.layout.grid).toMatchObject({ rows: 1, columns: 2 })
    const drawn = lines(f.data)
    expect(drawn.map((t) => [t.name, t.xaxis])).toEqual([
      ['honest', 'x'],
      ['cheater', 'x'],
      ['honest', 'x2'],
      ['cheater', 'x2'],
    ])
    // The legend names the two lines once, not once per panel.
    expect(named(f.data).map((t) => t.name)).toEqual(['honest', 'cheater'])
    for (const t of drawn) expect(t.x).toEqual([0.05, 0.3])
    expect(drawn[0]?.y).toEqual([0.05, 2.05])
    // The break-even (zero return) line is in every panel.
    expect((f.layout.shapes ?? []).filter((s) => s.xref?.endsWith('domain'))).toHaveLength(2)
    const pStar = (stake: number) => 1 / (0.01 + stake * 0.1)
    expect(markers(f.layout).map((s) => [s.x0, s.xref])).toEqual([
      [pStar(50), 'x'],
      [pStar(100), 'x2'],
    ])
    expect(f.note).toMatch(
      /p\* = C \/ \(R \+ S\), per line: 0\.200 \(hosts\.stake=50\); 0\.0999 \(hosts\.stake=100\) \(dotted\)/,
    )
    const rates = figure(grid, 'fraud-rates')
    expect(panelTitles(rates.layout)).toEqual(['hosts.stake=50', 'hosts.stake=100'])
    expect(named(rates.data).map((t) => t.name)).toEqual(['undetected fraud', 'false slashes'])
    expect(f.caption).toMatch(/cheating pay/)
  })

  it('keeps a field zipped with p on one line and draws no p* when the slash moves with p', () => {
    const zipped = [0.1, 0.2, 0.4].flatMap((p, point) =>
      [0, 1].map((r) => run(point, r, { 'protocol.p': p, 'protocol.slashFraction': 0.01 / p })),
    )
    const f = figure(zipped, 'returns')
    expect(lines(f.data).map((t) => t.name)).toEqual(['honest', 'cheater'])
    expect(lines(f.data)[0]?.x).toEqual([0.1, 0.2, 0.4])
    expect(markers(f.layout)).toEqual([])
    expect(f.note).toMatch(/no single p\*: the slash, fee or model changes with p along the line/)
  })

  it('draws the single p* of a sweep of p alone, and none when cheating saves nothing', () => {
    // C = 400 × 1e-5 = 0.004, p* = 0.004 / (0.01 + 10) = 0.0004: drawn only when p spans it.
    const sweep = (ps: number[]) =>
      ps.flatMap((p, point) => [0, 1].map((r) => run(point, r, { 'protocol.p': p })))
    const spanning = figure(sweep([0.0001, 0.001]), 'returns')
    expect(markers(spanning.layout).map((s) => s.x0)).toEqual([0.004 / (0.01 + 100 * 0.1)])
    expect(spanning.note).toMatch(/p\* = C \/ \(R \+ S\): 0\.000400 \(dotted\)$/)
    const beyond = figure(sweep([0.1, 0.3]), 'returns')
    expect(markers(beyond.layout)).toEqual([])
    expect(beyond.note).toMatch(/0\.000400, outside the swept p, not drawn$/)
    const honestOnly = sweep([0.0001, 0.001]).map((r) => ({
      ...r,
      model: { ...r.model, flops: { honest: 1000, skip: 1000 } },
    }))
    expect(markers(figure(honestOnly, 'returns').layout)).toEqual([])
  })

  it('leaves out the line of a class no host is in, and says so', () => {
    const learners = [0.1, 0.4].flatMap((p, point) =>
      [0, 1].map((r) => {
        const record = run(point, r, { 'protocol.p': p })
        return { ...record, metrics: { ...record.metrics, honest_return: null } } as unknown as SweepRecord
      }),
    )
    const f = figure(learners, 'returns')
    expect(named(f.data).map((t) => t.name)).toEqual(['cheater'])
    expect(f.note).toMatch(/no host is honest in these runs, so there is no honest line/)
    expect(
      named(
        figure(
          learners.map((r) => ({ ...r, metrics: { ...r.metrics, honest_return: 1 } })),
          'returns',
        ).data,
      ).map((t) => t.name),
    ).toEqual(['honest', 'cheater'])
  })

  it('plots the finality latency distribution per point as panels of log bins, with p50 and p95', () => {
    const latency = (r: SweepRecord, p50: number, p95: number): SweepRecord => ({
      ...r,
      metrics: { ...r.metrics, finality_latency_p50: p50, finality_latency_p95: p95 },
    })
    const records = [
      latency(run(0, 0, { 'protocol.p': 0.1 }, { bins: { 8: 2, 9: 2 } }), 60, 90),
      latency(run(0, 1, { 'protocol.p': 0.1 }, { bins: { 9: 4 } }), 80, 110),
      latency(run(1, 0, { 'protocol.p': 0.5 }, { bins: { 12: 1 } }), 400, 500),
    ]
    const f = figure(records, 'finality')
    expect(f.layout.xaxis.type).toBe('log')
    expect(panelTitles(f.layout)).toEqual(['protocol.p=0.1', 'protocol.p=0.5'])
    const [first, second] = f.data as [Trace, Trace]
    // Bins 8 to 12 (the occupied range, 1.25 decades: four bins a decade), as shares: 2/8, 6/8, 0, 0, 0.
    expect(first.y).toEqual([0.25, 0.75, 0, 0, 0])
    expect(second.y).toEqual([0, 0, 0, 0, 1])
    // Bars centred (geometrically) on their bins and as wide as them.
    expect(first.x[0]).toBeCloseTo(Math.sqrt((LATENCY_EDGES[8] as number) * (LATENCY_EDGES[9] as number)), 6)
    expect(first.width?.[0]).toBeCloseTo((LATENCY_EDGES[9] as number) - (LATENCY_EDGES[8] as number), 6)
    // p50 and p95 per panel: each run's own, averaged over the panel's runs.
    const marked = markers(f.layout)
    expect(marked.map((s) => [s.xref, s.line?.dash])).toEqual([
      ['x', 'solid'],
      ['x', 'dot'],
      ['x2', 'solid'],
      ['x2', 'dot'],
    ])
    expect(marked.map((s) => s.x0)).toEqual([70, 100, 400, 500])
    expect(f.caption).toMatch(/p50/)
  })

  it('fits the latency bins to the decades the data spans, covering all of it', () => {
    // From bin 2 (1.778 s) to the open last bin (1e7 s and up): seven decades, one bin a decade.
    const last = LATENCY_EDGES.length - 1
    const f = figure([run(0, 0, {}, { bins: { 2: 1, 15: 3, [last]: 1 } })], 'finality')
    const bars = f.data[0] as Trace
    expect(bars.x).toHaveLength(7)
    expect(bars.y.reduce((a, b) => (a as number) + (b as number), 0)).toBeCloseTo(1, 9)
    const edge = (i: number) => LATENCY_EDGES[i] as number
    // The first bar starts at the first filled bin; the last ends one recorded bin past 1e7 s.
    expect(bars.x[0]).toBeCloseTo(Math.sqrt(edge(2) * edge(6)), 6)
    expect(bars.x.at(-1)).toBeCloseTo(Math.sqrt(edge(26) * edge(last) * (edge(2) / edge(1))), 6)
    expect(f.note).toMatch(/one bin per decade, fitted to the 7 decades/)
  })

  it('gives a note, not a plot, for a latency histogram in one or two bins', () => {
    const f = figure(
      [run(0, 0, {}, { bins: { 9: 3, 10: 1 } }), run(1, 0, {}, { bins: { 9: 1 } })],
      'finality',
    )
    expect(f.data).toEqual([])
    expect(f.note).toMatch(/Every finalized result took between 100 and 316 s \(two bins/)
  })

  it('draws adoption one line per mode when the mode varies, and latency in one bin as a note', () => {
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
    expect(figure(records, 'finality').data).toEqual([])
  })

  it('never draws a rate or an overhead outside its range, whatever the replicates', () => {
    // Rates 0, 0 and 0.03 in three replicates, overhead 0.1, 0.1 and 5: a Student t interval
    // alone reaches below 0 for both, and plotly's autorange pads a line at 0 down to −0.05.
    const records = [0.1, 0.3].flatMap((p, point) =>
      [0, 0, 3].map((fraud, replicate) => {
        const r = run(point, replicate, { 'protocol.p': p })
        return {
          ...r,
          // Two model sizes, so the overhead figure has a line to draw.
          model: { ...r.model, flops: { honest: 1000 * (point + 1), skip: 600 } },
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
    // The panels share the first panel's y axis, whose range never reaches below 0.
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

  it('gives a note, not a flat line, when every adoption share is the same', () => {
    const records = [0.1, 0.3].flatMap((p, point) =>
      [0, 1].map((r) => run(point, r, { 'protocol.p': p }, { adoption: 1 })),
    )
    const flat = records.map((r) => ({ ...r, adoption: r.adoption.map((b) => ({ ...b, share: 1 })) }))
    const f = figure(flat, 'adoption')
    expect(f.data).toEqual([])
    expect(f.note).toMatch(/share is 1 at every time of every run.*constant by construction/)
  })

  it('gives a single run no per-point figures', () => {
    const ids = buildFigures({ records: [run(0, 0, {}, { bins: { 8: 1, 9: 2, 11: 1 } })], base }).map(
      (f) => f.id,
    )
    expect(ids).not.toContain('returns')
    expect(ids).not.toContain('fraud-rates')
    expect(ids).not.toContain('overhead-vs-flops')
    expect(ids).toContain('finality')
  })

  it('captions every figure it draws and explains every one it leaves out', () => {
    for (const f of buildFigures({ records: grid, base })) {
      // A table (data empty) is drawn too, and captioned like a plot.
      if (f.data.length > 0 || f.table) expect(f.caption, f.id).toMatch(/.{60}/)
      else expect(f.note, f.id).toMatch(/.{60}/)
    }
  })

  it('draws a single run over virtual time from its trace, window by window, and no timeline for a sweep', () => {
    const ev = (t: number, type: string, extra: Record<string, unknown> = {}) => ({
      replicate: 0,
      t,
      type,
      ...extra,
    })
    const events = [
      ev(1, 'job', { job: 0, variant: 'honest' }),
      ev(2, 'job', { job: 1, variant: 'skip' }),
      ev(3, 'job', { job: 2, variant: 'honest' }),
      ev(12, 'check', { job: 0 }),
      ev(20, 'challenge', { job: 1 }),
      ev(24, 'slash', { job: 1, honest: false }),
      ev(50, 'job', { job: 3, variant: 'honest' }),
      ev(80, 'payout', { final: [0, 2] }),
      ev(130, 'payout', { final: [3] }),
      ev(200, 'block'),
      // Another replicate's events are not stacked onto the first's clock.
      { ...ev(5, 'job', { job: 0, variant: 'skip' }), replicate: 1 },
    ]
    const records = [run(0, 0, {}, { bins: { 8: 1 } }), run(0, 1, {}, { bins: { 8: 1 } })]
    const f = buildFigures({ records, base, timeline: tallyTimeline(events) }).find(
      (g) => g.id === 'timeline',
    )
    const lines = Object.fromEntries(((f?.data ?? []) as Trace[]).map((t) => [t.name, t]))
    expect(Object.keys(lines)).toEqual([
      'cheating jobs ÷ jobs',
      'jobs checked by a verifier ÷ jobs',
      'requests that chose the network ÷ requests',
      'challenges opened',
      'cheaters slashed',
      'finality latency p50',
      'finality latency p95',
    ])
    // Four jobs over 200 s: ten windows of 20 s, drawn at their middles.
    expect(lines['cheating jobs ÷ jobs']?.x).toEqual([10, 30, 50, 70, 90, 110, 130, 150, 170, 190])
    // Of the three jobs requested in 0–20 s one cheated and one was checked; the one at 50 s neither.
    expect(lines['cheating jobs ÷ jobs']?.y).toEqual([
      1 / 3,
      null,
      0,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ])
    expect(lines['jobs checked by a verifier ÷ jobs']?.y.slice(0, 3)).toEqual([1 / 3, null, 0])
    // The record's adoption per tenth of the request period (10 s), at each tenth's middle.
    expect(lines['requests that chose the network ÷ requests']).toMatchObject({ x: [5, 15], y: [0.5, 0.25] })
    expect(lines['cheaters slashed']?.y).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    // Jobs 0 and 2 became final at 80 s (latencies 79 and 77), job 3 at 130 s (80).
    expect(lines['finality latency p50']?.y).toEqual([null, null, null, null, 77, null, 80, null, null, null])
    expect(lines['finality latency p95']?.y).toEqual([null, null, null, null, 79, null, 80, null, null, null])
    // Shares on the top panel in [0, 1], events in the middle, latency at the bottom.
    expect(((f?.data ?? []) as Trace[]).map((t) => (t as { yaxis?: string }).yaxis)).toEqual([
      'y',
      'y',
      'y',
      'y2',
      'y2',
      'y3',
      'y3',
    ])
    // The shares' axis reaches from 0 to just past the largest share drawn, never past 1.
    expect((f?.layout as Layout | undefined)?.yaxis?.range).toEqual([0, 0.5 + 0.5 * 0.05])
    expect(f?.note).toMatch(/Replicate 0 of 2/)
    expect(f?.note).toMatch(/No honest hosts slashed in this run/)
    expect(f?.caption).toMatch(/Everything drawn was executed/)
    // The timeline carries adoption: no second adoption figure for one point.
    expect(buildFigures({ records, base, timeline: tallyTimeline(events) }).map((g) => g.id)).not.toContain(
      'adoption',
    )
    const sweep = [run(0, 0, { 'protocol.p': 0.1 }), run(1, 0, { 'protocol.p': 0.2 })]
    expect(
      buildFigures({ records: sweep, base, timeline: tallyTimeline(events) }).map((g) => g.id),
    ).not.toContain('timeline')
  })

  it('says why a timeline leaves out adoption and latency when the run cannot show them', () => {
    const events = [
      { replicate: 0, t: 1, type: 'job', job: 0, variant: 'honest' },
      // A payout of a trace written before payouts named their jobs.
      { replicate: 0, t: 90, type: 'payout', batch: 0, amount: 0.1 },
    ]
    const records = [run(0, 0, {}, { bins: { 8: 1 }, adoption: 1 })]
    records[0]?.adoption.splice(1, 1, { t: 20, share: 1 })
    const f = buildFigures({ records, base, timeline: tallyTimeline(events) }).find(
      (g) => g.id === 'timeline',
    )
    expect(((f?.data ?? []) as Trace[]).map((t) => t.name)).toEqual([
      'cheating jobs ÷ jobs',
      'jobs checked by a verifier ÷ jobs',
    ])
    expect(f?.note).toMatch(/Adoption .* is 1 at every tenth of the run: .* constant by construction/)
    expect(f?.note).toMatch(/finality latency over time is not drawn/)
    expect(f?.note).toMatch(
      /No challenges opened, no cheaters slashed, no honest hosts slashed in this run, so no event panel/,
    )
  })
})

describe('the hosting table', () => {
  const withCatalog = (point: number, holding: number | null) => {
    const r = run(point, 0, { 'requesters.jobRate': point })
    for (const n of ['overhead_reexecution', 'overhead_holding', 'overhead_gas', 'cold_starts'] as const)
      r.metrics[n] = holding
    return r
  }

  it('splits the overhead point by point for a catalog run, and is absent without one', () => {
    const figures = buildFigures({ records: [withCatalog(1, 0.5), withCatalog(2, 0.25)], base })
    const table = figures.find((f) => f.id === 'hosting-split')?.table
    expect(table?.rows.map((row) => [row[0], row[3]])).toEqual([
      ['requesters.jobRate=1', '50.00%'],
      ['requesters.jobRate=2', '25.00%'],
    ])
    const plain = buildFigures({ records: [withCatalog(1, null), withCatalog(2, null)], base })
    expect(plain.some((f) => f.id === 'hosting-split')).toBe(false)
  })
})
