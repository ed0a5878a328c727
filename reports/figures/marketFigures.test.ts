import { describe, expect, it } from 'vitest'
import type { PeriodRow } from '../../sim/index.ts'
import { buildAnswer } from '../buildAnswer.ts'
import { buildFigures, type MarketInput, type ReportInput } from '../buildFigures.ts'
import { marketPeriods } from '../fixtures/marketPeriods.ts'
import { marketRecord } from '../fixtures/marketRecord.ts'

const base: ReportInput['base'] = {
  mode: 'sampling',
  fee: 0.01,
  stake: 100,
  slashFraction: 0.1,
  variant: 'skip',
}

type Trace = {
  name?: string
  type?: string
  x: number[]
  y: (number | null)[]
  z?: (number | null)[][]
  yaxis?: string
}
type Layout = {
  shapes?: { type: string; x0: number; x1: number }[]
  annotations?: { text: string; x: number }[]
  yaxis?: { range?: number[] }
}
const input = (market: Partial<MarketInput> = {}): ReportInput => ({
  records: [marketRecord()],
  base,
  market: { periods: marketPeriods(), ...market },
})
const figures = (i: ReportInput = input()) => buildFigures(i)
const figure = (id: string, i: ReportInput = input()) => {
  const f = figures(i).find((g) => g.id === id)
  if (!f) throw new Error(`no figure ${id}`)
  return { ...f, data: f.data as Trace[], layout: f.layout as Layout }
}
/** The fixture's production network volume in period p (see fixtures/marketPeriods). */
const productionNetwork = (p: number) => (p === 10 ? 150 : p >= 20 && p <= 22 ? 50 : 100)
const days = Array.from({ length: 30 }, (_, p) => p)

describe('the market section of the report', () => {
  it('draws its figures after the run timeline, in order, only for a run with periods', () => {
    const ids = figures().map((f) => f.id)
    expect(ids.slice(ids.indexOf('market-adoption'), ids.indexOf('choices-production') + 1)).toEqual([
      'market-adoption',
      'cohort-retention',
      'cohort-volume',
      'revenue-emissions',
      'capacity-demand',
      'choices-experimental',
      'choices-production',
    ])
    expect(figures().find((f) => f.id === 'single-run')?.note).toMatch(
      /the demand market period by period \(from periods\.ndjson\)/,
    )
    const without = figures({ records: [marketRecord()], base }).map((f) => f.id)
    expect(without).not.toContain('market-adoption')
    // A sweep's points each have their own periods: no per-period figures for the report.
    const sweep = {
      ...input(),
      records: [marketRecord(0, { 'protocol.p': 0.1 }), marketRecord(1, { 'protocol.p': 0.2 })],
    }
    expect(figures(sweep).map((f) => f.id)).not.toContain('market-adoption')
  })

  it('plots each segment’s network share per period, with the outage and the slashes marked', () => {
    const f = figure('market-adoption')
    expect(f.data.map((t) => t.name)).toEqual(['experimental', 'production (production)'])
    expect(f.data[0]?.y).toEqual(days.map(() => 0.4))
    expect(f.data[1]?.y).toEqual(days.map((p) => productionNetwork(p) / 200))
    expect(f.data[1]?.x).toEqual(days.map((p) => p + 0.5))
    expect(f.layout.yaxis?.range).toEqual([0, 1])
    expect(f.layout.shapes?.map((s) => [s.type, s.x0, s.x1])).toEqual([
      ['rect', 10.25, 10.75],
      ['line', 20.5, 20.5],
    ])
    expect(f.layout.annotations?.map((a) => [a.text, a.x])).toEqual([
      ['outage: centralized', 10.25],
      ['3 slashes', 20.5],
    ])
    expect(f.caption).toMatch(/stands for 10 real ones/)
  })

  it('draws each network offer as its own line beside the whole network, per segment', () => {
    // The production segment splits its network volume: a quarter of it goes to the offer `rep`.
    const periods = marketPeriods().map((p) => {
      const production = p.segments.production as PeriodRow['segments'][string]
      const network = production.volume.network ?? 0
      const volume = {
        network: network * 0.75,
        rep: network * 0.25,
        centralized: production.volume.centralized ?? 0,
      }
      const choices = { ...production.choices, rep: 1 }
      return { ...p, segments: { ...p.segments, production: { ...production, volume, choices } } }
    })
    const f = figure('market-adoption', input({ periods, offers: ['rep'] }))
    expect(f.data.map((t) => t.name)).toEqual([
      'experimental: whole network',
      'experimental: network',
      'experimental: rep',
      'production (production): whole network',
      'production (production): network',
      'production (production): rep',
    ])
    expect(f.data[4]?.y).toEqual(days.map((p) => (productionNetwork(p) * 0.75) / 200))
    expect(f.data[5]?.y).toEqual(days.map((p) => (productionNetwork(p) * 0.25) / 200))
    expect(f.data[2]?.y).toEqual(days.map(() => 0))
    expect(f.caption).toMatch(/each offer, network, rep, alone/)
    // The utility terms table lists the offer as a provider of its own, with its share of choices.
    const choices = figure('choices-production', input({ periods, offers: ['rep'] }))
    expect(choices.table?.rows.map((r) => r[0])).toContain('rep')
  })

  it('labels slashes in many periods once, keeping a dashed line per period', () => {
    const periods = marketPeriods()
    for (const p of periods.slice(0, 12))
      p.incidents.push({ t: p.start + 60, provider: 'network', kind: 'slash', count: 2 })
    const f = figure('market-adoption', input({ periods }))
    // The fixture's day-20 slashes make 13 periods with slashes: 12 × 2 + 3 = 27 in all.
    expect(f.layout.shapes?.filter((s) => s.type === 'line')).toHaveLength(13)
    const texts = f.layout.annotations?.map((a) => a.text) ?? []
    expect(texts.filter((t) => /slash/.test(String(t)))).toEqual([
      'slashes in 13 periods (dashed), 27 in all',
    ])
  })

  it('marks a verification outage still open at the end up to the end of the run', () => {
    const periods = marketPeriods()
    const last = periods[29] as PeriodRow
    last.incidents.push({
      t: 29.5 * 86_400,
      provider: 'network',
      kind: 'verification-outage-start',
      count: 1,
    })
    const f = figure('market-adoption', input({ periods }))
    expect(f.layout.shapes?.find((s) => s.x0 === 29.5)).toMatchObject({ type: 'rect', x1: 30 })
    expect(f.layout.annotations?.map((a) => a.text)).toContain('verification outage')
  })

  it('marks a partial last period on the time axes and leaves it out of R(N)', () => {
    // The run ended half-way through day 29: that row is partial and holds half a day's volume.
    const periods = marketPeriods()
    const cut = periods[29] as PeriodRow
    periods[29] = {
      ...cut,
      end: cut.start + 43_200,
      partial: true,
      cohorts: Object.fromEntries(
        Object.entries(cut.cohorts).map(([c, bySegment]) => [
          c,
          Object.fromEntries(Object.entries(bySegment).map(([s, v]) => [s, v / 2])),
        ]),
      ),
    }
    const i = input({ periods })
    for (const id of ['market-adoption', 'revenue-emissions', 'capacity-demand']) {
      const f = figure(id, i)
      expect(f.layout.shapes?.at(-1), id).toMatchObject({ type: 'rect', x0: 29, x1: 29.5 })
      expect(
        f.layout.annotations?.map((a) => a.text),
        id,
      ).toContain('partial period 29')
      expect(f.caption, id).toMatch(/period 29, cut short by the run's end \(50% of a period\)/)
    }
    const adoption = figure('market-adoption', i).data[1] as Trace & { marker: { symbol: string[] } }
    expect(adoption.marker.symbol.slice(-2)).toEqual(['circle', 'circle-open'])
    // R(N) ends at the last full period: cohort 0's N = 28, cohort 1's N = 27.
    const retention = figure('cohort-retention', i)
    expect(retention.data[0]?.x).toEqual(days.slice(3, 29))
    expect(retention.data[1]?.x).toEqual(days.slice(3, 28))
    expect(figure('cohort-volume', i).caption).toMatch(/The last column, period 29, is partial/)
    // The answer's share kept at the end is the last full period's, not the cut one's.
    const production = (periods[29] as PeriodRow).segments.production as PeriodRow['segments'][string]
    production.volume = { network: 0, centralized: 10 }
    expect(buildAnswer(i).join('\n')).toMatch(
      /in the last full period, period 28, the network kept 50\.0% of production/,
    )
    // A run that ended on a boundary has none of it.
    const whole = figure('market-adoption')
    expect(whole.caption).not.toMatch(/cut short/)
    expect(whole.layout.annotations?.map((a) => a.text)).not.toContain('partial period 29')
  })

  it('draws R(N) per cohort from production volume, against periods since arrival', () => {
    const f = figure('cohort-retention')
    expect(f.data.map((t) => t.name)).toEqual(['cohort 0', 'cohort 1'])
    // Cohort 0 has half of production's network volume from period 1 on; its base (period 3) is 50.
    expect(f.data[0]?.x).toEqual(days.slice(3))
    expect(f.data[0]?.y).toEqual(days.slice(3).map((n) => productionNetwork(n) / 2 / 50))
    // Cohort 1 arrived in period 1: its period N is the run's period N + 1.
    expect(f.data[1]?.x).toEqual(days.slice(3, 29))
    expect(f.data[1]?.y).toEqual(days.slice(3, 29).map((n) => productionNetwork(n + 1) / 2 / 50))
    expect(f.caption).toMatch(/production segments only \(production: the segments that never ran a trial\)/)
  })

  it('pools neighbouring cohorts past twelve lines, each line Σ volume in period N ÷ Σ in period 3', () => {
    // A cohort arrives every period and its volume halves as it ages: 100 / (1 + N), so every
    // cohort's (and every pool's) R(N) is 4 / (1 + N).
    const periods = marketPeriods().map((p) => ({
      ...p,
      cohorts: Object.fromEntries(
        Array.from({ length: p.period + 1 }, (_, c) => [String(c), { production: 100 / (1 + p.period - c) }]),
      ),
    }))
    const f = figure('cohort-retention', input({ periods }))
    // 27 cohorts reached their period 3 in 30 periods: 9 lines of 3.
    expect(f.data.map((t) => t.name)).toEqual(
      Array.from({ length: 9 }, (_, i) => `cohorts ${3 * i}–${3 * i + 2}`),
    )
    expect(f.data[0]?.x).toEqual(days.slice(3))
    for (const [i, n] of (f.data[0]?.x ?? []).entries()) expect(f.data[0]?.y[i]).toBeCloseTo(4 / (1 + n))
    expect(f.data[8]?.x).toEqual([3, 4, 5])
    expect(f.caption).toMatch(/27 cohorts are pooled 3 neighbours to a line/)
  })

  it('maps network volume by cohort and period, blank before a cohort arrived', () => {
    const f = figure('cohort-volume')
    const [cells] = f.data as unknown as {
      type: string
      orientation: string
      y: number[]
      base: number[]
      marker: { color: number[] }
    }[]
    expect(cells).toMatchObject({ type: 'bar', orientation: 'h' })
    // Cohort 0 in every period, cohort 1 from period 1: no cell before a cohort arrived.
    expect(cells?.y).toEqual([...days.map(() => 0), ...days.slice(1).map(() => 1)])
    expect(cells?.base).toEqual([...days, ...days.slice(1)].map((p) => p - 0.5))
    expect(cells?.marker.color).toEqual([
      ...days.map((p) => (p === 0 ? 140 : 40 + productionNetwork(p) / 2)),
      ...days.slice(1).map((p) => productionNetwork(p) / 2),
    ])
  })

  it('sets fees against emissions per period with the cumulative ratio', () => {
    const f = figure('revenue-emissions')
    expect(f.data.map((t) => t.name)).toEqual([
      'fees paid to hosts',
      'tokens emitted',
      'cumulative fees ÷ emissions',
    ])
    expect(f.data[0]?.y).toEqual(days.map((p) => 2 * (productionNetwork(p) + 40)))
    expect(f.data[1]?.y).toEqual(days.map(() => 400))
    expect(f.data[2]?.y[0]).toBeCloseTo(280 / 400)
    expect(f.data[2]?.y[29]).toBeCloseTo(8200 / 12000)
    expect(f.data[2]?.yaxis).toBe('y2')
  })

  it('leaves out a ratio over nothing emitted, and says so', () => {
    const periods = marketPeriods().map((p) => ({ ...p, network: { ...p.network, emitted: 0 } }))
    const f = figure('revenue-emissions', input({ periods }))
    expect(f.data.map((t) => t.name)).toEqual(['fees paid to hosts', 'tokens emitted'])
    expect(f.caption).toMatch(/No token was emitted, so the ratio is undefined and not drawn/)
  })

  it('draws capacity against demand in real requests per second, with active hosts', () => {
    const f = figure('capacity-demand')
    expect(f.data.map((t) => t.name)).toEqual([
      'capacity of active hosts',
      'demand sent to the network',
      'active hosts (right axis)',
    ])
    expect(f.data[0]?.y).toEqual(days.map((p) => 0.01 * (p >= 15 ? 5 : 4)))
    expect(f.data[1]?.y).toEqual(days.map((p) => (productionNetwork(p) + 40) / 86_400))
    expect(f.data[2]?.y).toEqual(days.map((p) => (p >= 15 ? 5 : 4)))
  })

  it('notes a market with no volume, no money and no hosts instead of plotting zeros', () => {
    const periods = marketPeriods().map((p) => ({
      ...p,
      segments: Object.fromEntries(
        Object.entries(p.segments).map(([k, s]) => [k, { ...s, adoption: null, choices: {}, terms: {} }]),
      ),
      cohorts: {},
      network: {
        ...p.network,
        fees: 0,
        emitted: 0,
        capacity: 0,
        demand: 0,
        hosts: { ...p.network.hosts, active: 0 },
      },
    }))
    const all = figures(input({ periods }))
    for (const id of [
      'market-adoption',
      'cohort-retention',
      'cohort-volume',
      'revenue-emissions',
      'capacity-demand',
      'choices-production',
    ]) {
      const f = all.find((g) => g.id === id)
      expect(f?.data, id).toEqual([])
      expect(f?.table, id).toBeUndefined()
      expect(f?.note, id).toMatch(/.{40}/)
    }
  })

  it('tabulates each segment’s mean utility terms over its choices and the choice shares', () => {
    const production = figure('choices-production')
    expect(production.data).toEqual([])
    expect(production.table?.columns).toEqual([
      'provider',
      'price',
      'latency',
      'failure',
      'fraud',
      'verifiable',
      'switching',
      'total',
      'share of choices',
    ])
    // Every period made 5 choices: the mean is the plain mean over the 30 periods.
    expect(production.table?.rows).toEqual([
      ['network', '-2.00', '-1.00', '-0.03', '-0.17', '1.50', '0.00', '-1.70', '58.7%'],
      ['centralized', '-1.00', '-0.50', '-0.07', '0.00', '0.00', '0.00', '-1.57', '41.3%'],
    ])
    const experimental = figure('choices-experimental')
    expect(experimental.table?.rows.map((r) => [r[0], r.at(-1)])).toEqual([
      ['network', '40.0%'],
      ['centralized', '60.0%'],
    ])
    expect(experimental.caption).toMatch(/over the 25 choices/)
  })

  it('answers with the production share kept at the end, R(N) and revenue ÷ emissions, with the weight', () => {
    const [, demand] = buildAnswer(input({ retentionPeriod: 20 }))
    expect(demand).toBe(
      "Demand (each simulated requester stands for 10 real ones, each simulated request for 10 real requests): in the last period, period 29, the network kept 50.0% of production requests (production, the segments that never ran a trial); retention R(20) = 0.5 (production volume in each cohort's period 20 ÷ period 3, pooled); revenue ÷ emissions 0.683 over the run (8,200 tokens of fees against 12,000 emitted).",
    )
    // Without the scenario's N, the furthest period a cohort was followed, said so.
    expect(buildAnswer(input())[1]).toMatch(
      /retention R\(29\) = 1 \(the furthest period a cohort was followed/,
    )
    expect(buildAnswer({ records: [marketRecord()], base })[1]).toMatch(/no demand market/)
  })
  it('answers a sweep of market runs from each point’s metrics, means over replicates', () => {
    const run = (point: number, p: number, replicate: number, share: number) => {
      const r = {
        ...marketRecord(point, { 'protocol.p': p }),
        replicate,
        market: { weight: 5, period: 86_400, periods_sha256: null },
      }
      return {
        ...r,
        metrics: {
          ...r.metrics,
          production_adoption_share: share,
          retained_production_volume: 0.9,
          revenue_over_emissions: null,
        } as typeof r.metrics,
      }
    }
    const records = [run(0, 0.1, 0, 0.4), run(0, 0.1, 1, 0.6), run(1, 0.2, 0, 0.7)]
    expect(buildAnswer({ records, base })[1]).toBe(
      "Demand (each simulated requester stands for 5 real ones), mean over replicates: protocol.p=0.1: network share of production requests 50.0%, R(N) 0.9, revenue ÷ emissions undefined; protocol.p=0.2: network share of production requests 70.0%, R(N) 0.9, revenue ÷ emissions undefined. Per-period figures are drawn for a single run's report.",
    )
    // More points than are listed: the range, naming the points where the share was least and most.
    const many = Array.from({ length: 8 }, (_, i) =>
      run(i, (i + 1) / 10, 0, [0.3, 0.1, 0.5, 0.1, 0.9, 0.2, 0.4, 0.6][i] as number),
    )
    expect(buildAnswer({ records: many, base })[1]).toBe(
      "Demand (each simulated requester stands for 5 real ones), over 8 points (means over replicates): network share of production requests 10.0% (protocol.p=0.2) to 90.0% (protocol.p=0.5); R(N) 0.9 to 0.9; revenue ÷ emissions undefined at every point. Per-period figures are drawn for a single run's report.",
    )
  })
})

describe('a demand sweep’s adoption over time', () => {
  const sweep = (): ReportInput => ({
    records: [
      marketRecord(0, { 'protocol.mode': 'sampling', 'model.width': 16, 'requesters.fee': 0.001 }),
      marketRecord(1, { 'protocol.mode': 'none', 'model.width': 16, 'requesters.fee': 0.001 }),
      marketRecord(2, { 'protocol.mode': 'sampling', 'model.width': 32, 'requesters.fee': 0.002 }),
    ].map((r) => ({
      ...r,
      mode: r.params['protocol.mode'] as string,
      market: { weight: 10, period: 86_400, periods_sha256: null },
    })),
    base,
    sweepAdoption: [0, 1, 2].map((point) => ({
      point,
      replicate: 0,
      production: ['production'],
      periods: [
        { start: 0, end: 86_400, share: 0.5 + point / 10 },
        { start: 86_400, end: 172_800, share: point === 1 ? null : 0.4 },
        { start: 172_800, end: 216_000, share: 0.3, partial: true as const },
      ],
    })),
  })

  it('draws one line per point, named by the fields that tell points apart, the partial period open', () => {
    const f = figure('sweep-adoption', sweep())
    type Line = Trace & { line: { color: string; dash?: string }; marker: { symbol: string[] } }
    const lines = f.data as Line[]
    // The fee moves with the width (zipped): the lines are named by mode and width alone.
    expect(lines.map((t) => t.name)).toEqual([
      'protocol.mode=sampling, model.width=16',
      'protocol.mode=none, model.width=16',
      'protocol.mode=sampling, model.width=32',
    ])
    expect(f.caption).toMatch(/named by protocol.mode and model.width; requesters.fee moves with them/)
    expect(lines[0]?.x).toEqual([0.5, 1.5, 2.25])
    expect(lines[1]?.y).toEqual([0.6, null, 0.3])
    expect(lines[0]?.marker.symbol).toEqual(['circle', 'circle', 'circle-open'])
    // A mode's colour; the second width of the same mode dashed.
    expect(lines[0]?.line.color).toBe(lines[2]?.line.color)
    expect([lines[0]?.line.dash, lines[2]?.line.dash]).toEqual(['solid', 'dash'])
    expect(lines[1]?.line.color).not.toBe(lines[0]?.line.color)
    expect(f.caption).toMatch(/An open marker is a partial last period/)
    expect(buildAnswer(sweep()).join('\n')).toMatch(
      /Each point's production adoption per period is drawn below/,
    )
  })

  it('is not drawn for one point, nor for a sweep without periods', () => {
    const one = { ...sweep(), records: [marketRecord(0)] }
    expect(figures(one).map((f) => f.id)).not.toContain('sweep-adoption')
    const { sweepAdoption: _, ...without } = sweep()
    expect(figures(without).map((f) => f.id)).not.toContain('sweep-adoption')
  })
})
