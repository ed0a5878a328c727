import type { OverheadCurveInput, PeriodRow } from '../../sim/index.ts'
import { aggregatePoints, type PointSummary } from '../aggregatePoints.ts'
import type { SweepRecord } from '../writeRunFolder.ts'
import type { TimelineTally } from './tallyTimeline.ts'

/**
 * One plotly figure: the page draws `data` with `layout` into a div named `id`, with `caption`
 * (what a reader should see, and what was modeled) under it. A figure with no `data` is drawn as
 * its `note` alone: the reason the figure would have shown nothing.
 */
export type Figure = {
  id: string
  title: string
  data: object[]
  layout: object
  /** Every figure of buildFigures has one; other commands' figures (tune) may not yet. */
  caption?: string
  note?: string
  /** A table drawn in place of a plot (data empty): header cells and rows of text, escaped by the page. */
  table?: { columns: string[]; rows: string[][] }
}

/** A demand market run's periods, for the market section (figures/marketOf reads it). */
export type MarketInput = {
  /** One run's closed periods in order: the report's point, its first replicate. */
  periods: PeriodRow[]
  /** The production segments; absent: every segment that never ended a trial (marketOf). */
  production?: string[]
  /** N of the headline retention R(N) (DemandSpec.retentionPeriod); absent: the run's metric alone. */
  retentionPeriod?: number
  /** The network's further configurations (demand.offers' names), each its own provider; absent: none. */
  offers?: string[]
}

/** One sweep point's production adoption per period (reports/readSweepAdoption). */
export type PointAdoption = {
  point: number
  /** The replicate the periods are from: the point's first. */
  replicate: number
  /** The segments counted as production (those that never ended a trial). */
  production: string[]
  /** Network share of the production segments' real requests; null in a period they sent none. */
  periods: { start: number; end: number; share: number | null; partial?: true }[]
}

export type ReportInput = {
  records: SweepRecord[]
  /** The trace's tally, for a single point's timeline; a sweep's report does without it. */
  timeline?: TimelineTally
  /** A demand market run's periods (periods.ndjson); a sweep's report, or a run without a market, has none. */
  market?: MarketInput
  /** A demand-market sweep's production adoption per period, one entry per point with periods. */
  sweepAdoption?: PointAdoption[]
  /**
   * The scenario's protocol, prices and hosts, for the modeled overhead curves beside the measured
   * points (sim/modes/overheadCurves); absent: no curves (a scenario with calibrated speeds).
   * Tokens per request come from the runs' own FLOPs and parameters.
   */
  curves?: Omit<OverheadCurveInput, 'tokens' | 'provedTokens' | 'requestsPerBatch'>
  /** Instead of `curves`: the fields the modeled curves read that the sweep's points set apart. */
  varied?: string[]
  /** Scenario values the analytic threshold needs, for points that do not override them. */
  base: {
    mode: string
    fee: number
    stake: number
    slashFraction: number
    /** The slash rule and the fixed rule's amount (absent: fraction, as before issue 17). */
    slashRule?: 'fraction' | 'fixed' | 'valueScaled'
    slashAmount?: number
    /** Whether requesters draw their fees (requesters.fee a distribution): then no single p*. */
    feeDrawn?: boolean
    variant: string
  }
}

export const MODE_COLORS: Record<string, string> = {
  none: '#7f7f7f',
  sampling: '#1f77b4',
  replication: '#ff7f0e',
  optimistic: '#2ca02c',
  tee: '#9467bd',
  zk: '#d62728',
}

/** Colors for lines that are not modes: distinct hues first, then they repeat. */
export const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
]

export type Group = { key: string; label: string; color: string; mode: string; points: PointSummary[] }

export type Series = { label: string; color: string; records: SweepRecord[] }

/** The x axis of the figures drawn against a swept value. */
export type SweepAxis = { title: string; x: (p: PointSummary) => number; log: boolean }

/**
 * What every figure builder reads: the runs, their points aggregated over replicates, and the
 * groupings the figures share, computed once.
 */
export type FigureContext = {
  input: ReportInput
  records: SweepRecord[]
  points: PointSummary[]
  recordOf: ReadonlyMap<number, SweepRecord>
  paths: string[]
  modes: string[]
  modeOf: (point: number) => string
  flopsOf: (point: number) => number
  /** The first numeric swept field besides the mode and the model, if any. */
  xPath: string | undefined
  axis: SweepAxis
  /** Lines against `axis`: by mode and by every other field swept across its x values. */
  groups: Group[]
  /** Lines of the adoption and latency figures, and what they are split by. */
  series: { by: string; groups: Series[] }
  /** What the runs modeled rather than executed, for captions: '' when everything was executed. */
  modeled: string
}

export function figureContext(input: ReportInput): FigureContext {
  const { records } = input
  const points = aggregatePoints(records)
  const recordOf = new Map<number, SweepRecord>()
  for (const r of records) if (!recordOf.has(r.point)) recordOf.set(r.point, r)
  const paths = Object.keys(records[0]?.params ?? {})
  const modeOf = (point: number) => recordOf.get(point)?.mode ?? input.base.mode
  const flopsOf = (point: number) => recordOf.get(point)?.model.flops.honest ?? 0
  const modes = [...new Set(points.map((p) => modeOf(p.point)))]

  // The shared x axis: the first numeric swept field, else model size when it varies, else the
  // point index. Lines are grouped by mode and by every other field swept across the x values (a
  // grid's second field gives one line per value instead of one zig-zag through all points); a
  // field zipped with x rides along its line.
  const xPath = paths.find(
    (p) =>
      p !== 'protocol.mode' &&
      !p.startsWith('model.') &&
      points.every((pt) => typeof pt.params[p] === 'number'),
  )
  const sizes = new Set(points.map((p) => flopsOf(p.point)))
  const axis: SweepAxis = xPath
    ? { title: xPath, x: (p: PointSummary) => p.params[xPath] as number, log: false }
    : sizes.size > 1
      ? { title: 'model FLOPs per inference', x: (p: PointSummary) => flopsOf(p.point), log: true }
      : { title: 'sweep point', x: (p: PointSummary) => p.point, log: false }
  const groups = groupPoints(points, modeOf, splittingPaths(points, paths, axis.x, modeOf), modes.length).map(
    (g) => ({ ...g, points: [...g.points].sort((a, b) => axis.x(a) - axis.x(b)) }),
  )
  return {
    input,
    records,
    points,
    recordOf,
    paths,
    modes,
    modeOf,
    flopsOf,
    xPath,
    axis,
    groups,
    series: seriesOf(records, points, paths, modes),
    modeled: modeledPhrase(records),
  }
}

/**
 * The swept fields (besides the mode) that split a line: those taking several values at one x
 * of one mode. A field that is a function of x (zipped with it, or a model field that sets the
 * FLOPs on a FLOPs axis) does not.
 */
export function splittingPaths(
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
export function groupPoints(
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

function modeledPhrase(records: readonly SweepRecord[]): string {
  const modeled = [...new Set(records.flatMap((r) => r.modeled))].sort()
  return modeled.length
    ? ` Modeled, not executed: ${modeled.join('; ')}.`
    : ' Everything drawn was executed: real inference, real settlement.'
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
