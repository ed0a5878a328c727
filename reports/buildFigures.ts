import type { MetricName } from '../sim/index.ts'
import { aggregatePoints, type PointSummary } from './aggregatePoints.ts'
import { METRIC_RANGES, type MetricRange } from './metricRanges.ts'
import type { SweepRecord } from './writeRunFolder.ts'

/** One plotly figure: the page draws `data` with `layout` into a div named `id`. */
export type Figure = { id: string; title: string; data: object[]; layout: object; note?: string }

export type ReportInput = {
  records: SweepRecord[]
  /** Scenario values the analytic threshold needs, for points that do not override them. */
  base: {
    mode: string
    fee: number
    stake: number
    slashFraction: number
    variant: string
  }
}

const MODE_COLORS: Record<string, string> = {
  none: '#7f7f7f',
  sampling: '#1f77b4',
  replication: '#ff7f0e',
  optimistic: '#2ca02c',
  tee: '#9467bd',
  zk: '#d62728',
}

/** Colors for lines that are not modes: distinct hues first, then they repeat. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf']

type Group = { key: string; label: string; color: string; mode: string; points: PointSummary[] }

/**
 * The report's figures, computed from finished runs alone (a pure function, so `verisim report`
 * rebuilds the same page from an output folder).
 */
export function buildFigures(input: ReportInput): Figure[] {
  const { records } = input
  const points = aggregatePoints(records)
  const recordOf = new Map<number, SweepRecord>()
  for (const r of records) if (!recordOf.has(r.point)) recordOf.set(r.point, r)
  const paths = Object.keys(records[0]?.params ?? {})
  const modeOf = (point: number) => recordOf.get(point)?.mode ?? input.base.mode
  const flopsOf = (point: number) => recordOf.get(point)?.model.flops.honest ?? 0
  const modes = [...new Set(points.map((p) => modeOf(p.point)))]
  const figures: Figure[] = []

  // 1. The mission question: verification overhead against model size, one line per mode, and
  // one per value of any other field swept across sizes, so different settings never share a line.
  const overheadGroups = groupPoints(
    points,
    modeOf,
    splittingPaths(points, paths, (p) => flopsOf(p.point), modeOf),
    modes.length,
  )
  figures.push({
    id: 'overhead-vs-flops',
    title: 'Verification overhead vs model FLOPs per inference',
    data: overheadGroups.map((g) => {
      const pts = g.points
        .map((p) => ({ x: flopsOf(p.point), m: p.metrics.verification_overhead }))
        .filter((p) => p.m.mean !== null && p.m.mean > 0)
        .sort((a, b) => a.x - b.x)
      return {
        type: 'scatter',
        mode: 'lines+markers',
        name: `${g.label}${g.mode === 'tee' || g.mode === 'zk' ? ' (modeled)' : ''}`,
        x: pts.map((p) => p.x),
        y: pts.map((p) => p.m.mean),
        error_y: errorBars(
          pts.map((p) => p.m),
          METRIC_RANGES.verification_overhead,
        ),
        line: { color: g.color },
      }
    }),
    layout: {
      xaxis: { title: { text: 'model FLOPs per inference' }, type: 'log' },
      yaxis: { title: { text: 'verification overhead (÷ useful compute)' }, type: 'log' },
    },
  })

  // 2 and 3 share an x axis: the first numeric swept field, else model size when it varies,
  // else the point index. Lines are grouped by mode and by every other field swept across the x
  // values (a grid's second field gives one line per value instead of one zig-zag through all
  // points); a field zipped with x rides along its line.
  const xPath = paths.find(
    (p) =>
      p !== 'protocol.mode' &&
      !p.startsWith('model.') &&
      points.every((pt) => typeof pt.params[p] === 'number'),
  )
  const sizes = new Set(points.map((p) => flopsOf(p.point)))
  const axis = xPath
    ? { title: xPath, x: (p: PointSummary) => p.params[xPath] as number, log: false }
    : sizes.size > 1
      ? { title: 'model FLOPs per inference', x: (p: PointSummary) => flopsOf(p.point), log: true }
      : { title: 'sweep point', x: (p: PointSummary) => p.point, log: false }
  const groupPaths = splittingPaths(points, paths, axis.x, modeOf)
  const groups = groupPoints(points, modeOf, groupPaths, modes.length).map((g) => ({
    ...g,
    points: [...g.points].sort((a, b) => axis.x(a) - axis.x(b)),
  }))
  const label = (g: Group, name: string) => (g.label ? `${name} (${g.label})` : name)
  const xaxis = { title: { text: axis.title }, ...(axis.log ? { type: 'log' } : {}) }
  const single = groups.length === 1

  const returns = groups.flatMap((g) => [
    ...band(
      g.points,
      'honest_return',
      label(g, 'honest'),
      single ? '#1f77b4' : g.color,
      g.points.map(axis.x),
      'solid',
    ),
    ...band(
      g.points,
      'cheater_return',
      label(g, 'cheater'),
      single ? '#d62728' : g.color,
      g.points.map(axis.x),
      'dash',
    ),
  ])
  const thresholds = xPath === 'protocol.p' ? groups.map((g) => groupThreshold(g, input.base, recordOf)) : []
  // A p* far outside the swept values would stretch the axis until the lines are unreadable:
  // only the note gives it then.
  const xs = points.map(axis.x)
  const inRange = (v: number) => v >= Math.min(...xs) && v <= Math.max(...xs)
  const drawn = thresholds.filter(
    (t): t is Threshold & { value: number } => t.value !== null && inRange(t.value),
  )
  const shapes = drawn.map(({ group, value }) => ({
    type: 'line',
    x0: value,
    x1: value,
    yref: 'paper',
    y0: 0,
    y1: 1,
    line: { dash: 'dot', color: single ? '#444' : group.color },
  }))
  figures.push({
    id: 'returns',
    title: `Honest and cheater return vs ${axis.title}`,
    data: returns,
    layout: { xaxis, yaxis: { title: { text: 'return per token staked per hour' } }, shapes },
    note: [
      'solid: honest hosts; dashed: cheaters; bands: 95% confidence intervals over replicates',
      ...thresholdNotes(thresholds, single, inRange),
    ].join('. '),
  })

  const rates = groups.flatMap((g) => [
    ...band(
      g.points,
      'undetected_fraud_rate',
      label(g, 'undetected fraud'),
      single ? '#d62728' : g.color,
      g.points.map(axis.x),
      'solid',
    ),
    ...band(
      g.points,
      'false_slash_rate',
      label(g, 'false slashes'),
      single ? '#9467bd' : g.color,
      g.points.map(axis.x),
      'dot',
    ),
  ])
  figures.push({
    id: 'fraud-rates',
    title: `Undetected fraud and false-slash rates vs ${axis.title}`,
    data: rates,
    layout: {
      xaxis,
      yaxis: {
        title: { text: 'share of results' },
        range: axisRange(
          rates.flatMap((t) => t.y),
          METRIC_RANGES.undetected_fraud_rate,
        ),
      },
    },
    note: 'solid: bad results that reached finality; dotted: honest results slashed; bands: 95% intervals of the rate pooled over replicates (Wilson score and the replicates’ spread, never outside [0, 1])',
  })

  // 4 and 5 draw one line per mode when the mode varies, else one per point when one field is
  // swept (or when there are few points), else one over all runs.
  const series = seriesOf(records, points, paths, modes)

  const adoption = series.groups.map((s) => {
    const times = [...new Set(s.records.flatMap((r) => r.adoption.map((b) => b.t)))].sort((a, b) => a - b)
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: s.label,
      x: times,
      y: times.map((t) => mean(s.records.map((r) => r.adoption.find((b) => b.t === t)?.share ?? null))),
      line: { color: s.color },
      // A share of exactly 0 or 1 sits on the axis's edge: its marker is drawn whole.
      cliponaxis: false,
    }
  })
  figures.push({
    id: 'adoption',
    title: `Share of requests that chose the network over time (${series.by})`,
    data: adoption,
    layout: {
      xaxis: { title: { text: 'virtual time (s)' } },
      yaxis: {
        title: { text: 'share (mean over runs)' },
        range: [METRIC_RANGES.adoption_share.min, METRIC_RANGES.adoption_share.max],
      },
    },
  })

  const histograms = series.groups.map((s) => ({ s, hist: sumHistograms(s.records) }))
  const range = occupiedBins(histograms.map((h) => h.hist))
  figures.push({
    id: 'finality',
    title: `Finality latency distribution (${series.by}, all replicates)`,
    data: histograms.map(({ s, hist }) => ({
      type: 'scatter',
      mode: 'lines',
      name: s.label,
      line: { shape: 'hv', color: s.color },
      ...histogramSteps(hist, range),
    })),
    layout: {
      xaxis: { title: { text: 'seconds from request to finality (virtual)' }, type: 'log' },
      yaxis: { title: { text: 'share of finalized results' }, rangemode: 'tozero' },
    },
    note: 'each step is one latency bin (four per decade); the per-point p50 and p95 are in summary.json',
  })

  // 6. Gas by call type.
  const kinds = [...new Set(records.flatMap((r) => Object.keys(r.gas_by_call)))].sort()
  figures.push({
    id: 'gas',
    title: 'Gas per call, by call type (mean over runs)',
    data: [
      {
        type: 'bar',
        name: 'gas per call',
        x: kinds,
        y: kinds.map((k) => {
          let gas = 0
          let calls = 0
          for (const r of records) {
            gas += r.gas_by_call[k]?.gas ?? 0
            calls += r.gas_by_call[k]?.calls ?? 0
          }
          return calls > 0 ? gas / calls : 0
        }),
      },
    ],
    layout: { yaxis: { title: { text: 'gas' } } },
  })
  return figures
}

/**
 * The swept fields (besides the mode) that split a line: those taking several values at one x
 * of one mode. A field that is a function of x (zipped with it, or a model field that sets the
 * FLOPs on a FLOPs axis) does not.
 */
function splittingPaths(
  points: readonly PointSummary[],
  paths: readonly string[],
  xOf: (p: PointSummary) => number,
  modeOf: (point: number) => string,
): string[] {
  return paths.filter((path) => {
    if (path === 'protocol.mode') return false
    const seen = new Map<string, string>()
    return points.some((p) => {
      const at = JSON.stringify([modeOf(p.point), xOf(p)])
      const value = JSON.stringify(p.params[path])
      const before = seen.get(at)
      seen.set(at, value)
      return before !== undefined && before !== value
    })
  })
}

/** Points grouped by mode and by the values of `keys`, groups in the order they first appear. */
function groupPoints(
  points: readonly PointSummary[],
  modeOf: (point: number) => string,
  keys: readonly string[],
  modeCount: number,
): Group[] {
  const groups = new Map<string, Group>()
  for (const p of points) {
    const mode = modeOf(p.point)
    const values = keys.map((k) => `${k}=${formatValue(p.params[k])}`)
    const key = JSON.stringify([mode, values])
    let group = groups.get(key)
    if (!group) {
      const parts = [...(modeCount > 1 ? [mode] : []), ...values]
      group = { key, label: parts.join(', '), color: '', mode, points: [] }
      groups.set(key, group)
    }
    group.points.push(p)
  }
  const list = [...groups.values()]
  // Mode colors while each mode is one line; a palette once a mode splits into several.
  const byMode = list.length === new Set(list.map((g) => g.mode)).size
  list.forEach((g, i) => {
    g.color = byMode
      ? (MODE_COLORS[g.mode] ?? (PALETTE[i % PALETTE.length] as string))
      : (PALETTE[i % PALETTE.length] as string)
  })
  return list
}

type Series = { label: string; color: string; records: SweepRecord[] }

/** The lines of the adoption and latency figures, and what they are split by. */
function seriesOf(
  records: readonly SweepRecord[],
  points: readonly PointSummary[],
  paths: readonly string[],
  modes: readonly string[],
): { by: string; groups: Series[] } {
  if (modes.length > 1) {
    return {
      by: 'per mode',
      groups: modes.map((mode, i) => ({
        label: mode,
        color: MODE_COLORS[mode] ?? (PALETTE[i % PALETTE.length] as string),
        records: records.filter((r) => r.mode === mode),
      })),
    }
  }
  if (points.length > 1 && (paths.length === 1 || points.length <= PALETTE.length)) {
    return {
      by: 'per point',
      groups: points.map((p, i) => ({
        label: Object.entries(p.params)
          .map(([k, v]) => `${k}=${formatValue(v)}`)
          .join(', '),
        color: gradient(i, points.length),
        records: records.filter((r) => r.point === p.point),
      })),
    }
  }
  return { by: 'all runs', groups: [{ label: 'all runs', color: '#1f77b4', records: [...records] }] }
}

type Threshold = { group: Group; value: number | null; along: (number | null)[] }

/**
 * p* = C / (R + S) of Proof-of-Sampling for one line, from each point's own fee, stake, slash
 * and model: one value when every point of the line gives the same, else none (`along` keeps
 * the per-point values, e.g. for a slash zipped with p).
 */
function groupThreshold(
  group: Group,
  base: ReportInput['base'],
  recordOf: ReadonlyMap<number, SweepRecord>,
): Threshold {
  if (group.mode !== 'sampling') return { group, value: null, along: [] }
  const along = group.points.map((p) => pointThreshold(p, base, recordOf.get(p.point)))
  const first = along[0]
  const same =
    first !== null &&
    first !== undefined &&
    along.every((v) => v !== null && Math.abs(v - first) <= 1e-9 * Math.abs(first))
  return { group, value: same ? (first as number) : null, along }
}

function pointThreshold(
  point: PointSummary,
  base: ReportInput['base'],
  record: SweepRecord | undefined,
): number | null {
  if (!record) return null
  const param = (path: string) => point.params[path]
  const num = (path: string, fallback: number) => {
    const v = param(path)
    return typeof v === 'number' ? v : fallback
  }
  const fee = num('requesters.fee', base.fee)
  const stake = num('hosts.stake', base.stake)
  const slashFraction = num('protocol.slashFraction', base.slashFraction)
  const variant =
    typeof param('hosts.variant') === 'string' ? (param('hosts.variant') as string) : base.variant
  const { flops } = record.model
  const honest = flops.honest ?? 0
  const saved = (honest - (flops[variant] ?? honest)) * record.cost_per_flop
  const denominator = fee + stake * slashFraction
  return saved > 0 && denominator > 0 ? saved / denominator : null
}

function thresholdNotes(
  thresholds: readonly Threshold[],
  single: boolean,
  inRange: (v: number) => boolean,
): string[] {
  const formula = 'analytic threshold p* = C / (R + S)'
  const notes: string[] = []
  const known = thresholds.filter((t): t is Threshold & { value: number } => t.value !== null)
  const say = (t: Threshold & { value: number }) =>
    `${t.value.toPrecision(3)}${single ? '' : ` (${t.group.label})`}${inRange(t.value) ? '' : ', outside the swept p, not drawn'}`
  if (known.length > 0) {
    const dotted = known.some((t) => inRange(t.value)) ? ' (dotted)' : ''
    notes.push(`${formula}${known.length > 1 ? ', per line' : ''}: ${known.map(say).join('; ')}${dotted}`)
  }
  // A line whose points each have a p*, but not the same one: the slash or fee moves with p.
  const moving = thresholds.filter(
    (t) => t.value === null && t.along.length > 1 && t.along.every((v) => v !== null),
  )
  for (const t of moving) {
    const values = t.along.map((v) => (v as number).toPrecision(3)).join(', ')
    notes.push(
      `no single p*${single ? '' : ` for ${t.group.label}`}: the slash, fee or model changes with p along the line (p* at each point: ${values})`,
    )
  }
  return notes
}

/** Finality latency counts of several runs added bin by bin (every run shares the same bins). */
function sumHistograms(records: readonly SweepRecord[]): { edges: number[]; counts: number[] } {
  const withHistogram = records.filter((r) => r.finality_latency?.counts)
  const edges = withHistogram[0]?.finality_latency.edges ?? []
  const counts = edges.map(() => 0)
  for (const r of withHistogram) {
    r.finality_latency.counts.forEach((c, i) => {
      counts[i] = (counts[i] ?? 0) + c
    })
  }
  return { edges, counts }
}

/** The bins from the first to the last that any histogram fills, so the plot skips empty decades. */
function occupiedBins(hists: readonly { counts: number[] }[]): { from: number; to: number } {
  let from = Number.POSITIVE_INFINITY
  let to = -1
  for (const { counts } of hists) {
    counts.forEach((c, i) => {
      if (c > 0) {
        from = Math.min(from, i)
        to = Math.max(to, i)
      }
    })
  }
  return to < 0 ? { from: 0, to: -1 } : { from, to }
}

/**
 * A histogram as the corners of a step outline on a log axis (plotly `shape: 'hv'`), as shares
 * of all finalized results. The first bin starts at 0 and the last is open, which a log axis
 * cannot show: they are drawn one bin-width wide, like their neighbours.
 */
function histogramSteps(
  hist: { edges: number[]; counts: number[] },
  range: { from: number; to: number },
): { x: number[]; y: number[] } {
  const { edges, counts } = hist
  const total = counts.reduce((a, b) => a + b, 0)
  if (total === 0 || range.to < range.from) return { x: [], y: [] }
  const ratio = (edges[2] ?? 10) / (edges[1] ?? 1)
  const lower = (i: number) => (i === 0 ? (edges[1] ?? 1) / ratio : (edges[i] as number))
  const upper = (i: number) =>
    i + 1 < edges.length ? (edges[i + 1] as number) : (edges[i] as number) * ratio
  const x = [lower(range.from)]
  const y = [0]
  for (let i = range.from; i <= range.to; i++) {
    x.push(lower(i))
    y.push((counts[i] ?? 0) / total)
  }
  x.push(upper(range.to), upper(range.to))
  y.push((counts[range.to] ?? 0) / total, 0)
  return { x, y }
}

/** A line of a band figure: what the axis range is computed from. */
type BandTrace = { y: (number | null)[] } & Record<string, unknown>

function band(
  points: readonly PointSummary[],
  metric: MetricName,
  name: string,
  color: string,
  x: number[],
  dash: 'solid' | 'dash' | 'dot',
): BandTrace[] {
  const m = points.map((p) => p.metrics[metric])
  const inRange = clampTo(METRIC_RANGES[metric])
  const lower = m.map((e) => inRange(e.ci95?.[0] ?? e.mean))
  const upper = m.map((e) => inRange(e.ci95?.[1] ?? e.mean))
  return [
    {
      type: 'scatter',
      mode: 'lines',
      x,
      y: lower,
      line: { width: 0 },
      showlegend: false,
      hoverinfo: 'skip',
      name: `${name} low`,
    },
    {
      type: 'scatter',
      mode: 'lines',
      x,
      y: upper,
      fill: 'tonexty',
      fillcolor: `${color}33`,
      line: { width: 0 },
      showlegend: false,
      hoverinfo: 'skip',
      name: `${name} high`,
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      x,
      y: m.map((e) => inRange(e.mean)),
      name,
      line: { color, dash },
      // A rate of exactly 0 sits on the axis's edge: its marker is drawn whole.
      cliponaxis: false,
    },
  ]
}

/** A value moved into a metric's range (null stays null: plotly leaves a gap). */
function clampTo(range: MetricRange) {
  return (value: number | null) => (value === null ? null : Math.min(range.max, Math.max(range.min, value)))
}

/**
 * A y axis that holds `values` with 5% room either side but never reaches past the metric's
 * range: plotly's own autorange pads a line of zeros down to −0.05.
 */
function axisRange(values: readonly (number | null)[], range: MetricRange): [number, number] {
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v))
  const low = defined.length ? Math.min(...defined) : range.min
  const high = defined.length ? Math.max(...defined) : range.max
  const width = Number.isFinite(range.max - range.min) ? range.max - range.min : 1
  const pad = high > low ? (high - low) * 0.05 : width * 0.05
  return [Math.max(range.min, low - pad), Math.min(range.max, high + pad)]
}

/** Error bars from each estimate's interval, each end cut to the metric's range. */
function errorBars(estimates: { mean: number | null; ci95: [number, number] | null }[], range: MetricRange) {
  const inRange = clampTo(range)
  const span = (e: (typeof estimates)[number], end: 0 | 1) =>
    e.ci95 && e.mean !== null ? Math.abs((inRange(e.ci95[end]) as number) - e.mean) : 0
  return {
    type: 'data',
    symmetric: false,
    array: estimates.map((e) => span(e, 1)),
    arrayminus: estimates.map((e) => span(e, 0)),
  }
}

/** Blue to orange through the points, so neighbouring values of one swept field look alike. */
function gradient(i: number, n: number): string {
  const t = n > 1 ? i / (n - 1) : 0
  const from = [31, 119, 180]
  const to = [255, 127, 14]
  const hex = from.map((c, k) =>
    Math.round(c + ((to[k] as number) - c) * t)
      .toString(16)
      .padStart(2, '0'),
  )
  return `#${hex.join('')}`
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function mean(values: (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null)
  return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null
}
