import type { MetricName } from '../sim/computeMetrics.ts'
import { aggregatePoints } from './aggregatePoints.ts'
import type { SweepRecord } from './writeSweepOutputs.ts'

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
    costPerFlop: number
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

/**
 * The report's figures, computed from finished runs alone (a pure function, so `verisim report`
 * rebuilds the same page from an output folder).
 */
export function buildFigures(input: ReportInput): Figure[] {
  const { records } = input
  const points = aggregatePoints(records)
  const recordOf = new Map(records.map((r) => [r.point, r]))
  const paths = Object.keys(records[0]?.params ?? {})
  const xPath = paths.find(
    (p) =>
      p !== 'protocol.mode' &&
      !p.startsWith('model.') &&
      points.every((pt) => typeof pt.params[p] === 'number'),
  )
  const modeOf = (point: number) => recordOf.get(point)?.mode ?? input.base.mode
  const modes = [...new Set(points.map((p) => modeOf(p.point)))]
  const figures: Figure[] = []

  // 1. The mission question: verification overhead against model size, one line per mode.
  figures.push({
    id: 'overhead-vs-flops',
    title: 'Verification overhead vs model FLOPs per inference',
    data: modes.map((mode) => {
      const pts = points
        .filter((p) => modeOf(p.point) === mode)
        .map((p) => ({
          x: recordOf.get(p.point)?.model.flops.honest ?? 0,
          m: p.metrics.verification_overhead,
        }))
        .filter((p) => p.m.mean !== null && p.m.mean > 0)
        .sort((a, b) => a.x - b.x)
      return {
        type: 'scatter',
        mode: 'lines+markers',
        name: `${mode}${mode === 'tee' || mode === 'zk' ? ' (modeled)' : ''}`,
        x: pts.map((p) => p.x),
        y: pts.map((p) => p.m.mean),
        error_y: errorBars(pts.map((p) => p.m)),
        line: { color: MODE_COLORS[mode] },
      }
    }),
    layout: {
      xaxis: { title: { text: 'model FLOPs per inference' }, type: 'log' },
      yaxis: { title: { text: 'verification overhead (÷ useful compute)' }, type: 'log' },
    },
  })

  // 2 and 3 share an x axis: the first numeric swept parameter, else model size when it varies,
  // else the point index; one group of lines per mode when the mode varies.
  const flopsOf = (point: number) => recordOf.get(point)?.model.flops.honest ?? 0
  const sizes = new Set(points.map((p) => flopsOf(p.point)))
  const axis = xPath
    ? { title: xPath, x: (p: (typeof points)[number]) => p.params[xPath] as number, log: false }
    : sizes.size > 1
      ? { title: 'model FLOPs per inference', x: (p: (typeof points)[number]) => flopsOf(p.point), log: true }
      : { title: 'sweep point', x: (p: (typeof points)[number]) => p.point, log: false }
  const groups = modes.map((mode) => ({
    mode,
    points: points.filter((p) => modeOf(p.point) === mode).sort((a, b) => axis.x(a) - axis.x(b)),
  }))
  const label = (mode: string, name: string) => (modes.length > 1 ? `${name} (${mode})` : name)
  const xaxis = { title: { text: axis.title }, ...(axis.log ? { type: 'log' } : {}) }

  const returns = groups.flatMap(({ mode, points: pts }) => [
    ...band(
      pts,
      'honest_return',
      label(mode, 'honest'),
      MODE_COLORS[mode] ?? '#1f77b4',
      pts.map(axis.x),
      'solid',
    ),
    ...band(
      pts,
      'cheater_return',
      label(mode, 'cheater'),
      MODE_COLORS[mode] ?? '#d62728',
      pts.map(axis.x),
      'dash',
    ),
  ])
  const shapes: object[] = []
  const threshold = analyticThreshold(input, xPath, records)
  if (threshold !== null) {
    shapes.push({
      type: 'line',
      x0: threshold,
      x1: threshold,
      yref: 'paper',
      y0: 0,
      y1: 1,
      line: { dash: 'dot' },
    })
  }
  figures.push({
    id: 'returns',
    title: `Honest and cheater return vs ${axis.title}`,
    data: returns,
    layout: { xaxis, yaxis: { title: { text: 'return per token staked per hour' } }, shapes },
    note: [
      'solid: honest hosts; dashed: cheaters; bands: 95% confidence intervals over replicates',
      ...(threshold !== null
        ? [`dotted line: analytic threshold p* = C / (R + S) = ${threshold.toPrecision(3)}`]
        : []),
    ].join('. '),
  })

  figures.push({
    id: 'fraud-rates',
    title: `Undetected fraud and false-slash rates vs ${axis.title}`,
    data: groups.flatMap(({ mode, points: pts }) => [
      ...band(
        pts,
        'undetected_fraud_rate',
        label(mode, 'undetected fraud'),
        MODE_COLORS[mode] ?? '#d62728',
        pts.map(axis.x),
        'solid',
      ),
      ...band(
        pts,
        'false_slash_rate',
        label(mode, 'false slashes'),
        MODE_COLORS[mode] ?? '#9467bd',
        pts.map(axis.x),
        'dot',
      ),
    ]),
    layout: { xaxis, yaxis: { title: { text: 'share of results' } } },
    note: 'solid: bad results that reached finality; dotted: honest results slashed',
  })

  // 4. Adoption share over time, averaged over runs.
  const buckets = records[0]?.adoption.map((b) => b.t) ?? []
  figures.push({
    id: 'adoption',
    title: 'Share of requests that chose the network over time',
    data: [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'adoption share',
        x: buckets,
        y: buckets.map((_, i) => mean(records.map((r) => r.adoption[i]?.share ?? null))),
      },
    ],
    layout: {
      xaxis: { title: { text: 'virtual time (s)' } },
      yaxis: { title: { text: 'share' }, range: [0, 1.05] },
    },
  })

  // 5. Finality latency across runs.
  figures.push({
    id: 'finality',
    title: 'Finality latency across runs (virtual seconds)',
    data: [
      { type: 'box', name: 'p50', y: records.map((r) => r.metrics.finality_latency_p50) },
      { type: 'box', name: 'p95', y: records.map((r) => r.metrics.finality_latency_p95) },
    ],
    layout: { yaxis: { title: { text: 'seconds from request to finality' } } },
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

function band(
  points: ReturnType<typeof aggregatePoints>,
  metric: MetricName,
  name: string,
  color: string,
  x: number[],
  dash: 'solid' | 'dash' | 'dot',
): object[] {
  const m = points.map((p) => p.metrics[metric])
  const lower = m.map((e) => e.ci95?.[0] ?? e.mean)
  const upper = m.map((e) => e.ci95?.[1] ?? e.mean)
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
    { type: 'scatter', mode: 'lines+markers', x, y: m.map((e) => e.mean), name, line: { color, dash } },
  ]
}

function errorBars(estimates: { mean: number | null; ci95: [number, number] | null }[]) {
  return {
    type: 'data',
    symmetric: false,
    array: estimates.map((e) => (e.ci95 && e.mean !== null ? e.ci95[1] - e.mean : 0)),
    arrayminus: estimates.map((e) => (e.ci95 && e.mean !== null ? e.mean - e.ci95[0] : 0)),
  }
}

/** p* = C / (R + S) of Proof-of-Sampling, when the sweep varies p in sampling mode. */
function analyticThreshold(
  input: ReportInput,
  xPath: string | undefined,
  records: SweepRecord[],
): number | null {
  const { base } = input
  if (xPath !== 'protocol.p' || base.mode !== 'sampling') return null
  const flops = records[0]?.model.flops
  if (!flops) return null
  const saved = ((flops.honest ?? 0) - (flops[base.variant] ?? flops.honest ?? 0)) * base.costPerFlop
  const denominator = base.fee + base.stake * base.slashFraction
  return saved > 0 && denominator > 0 ? saved / denominator : null
}

function mean(values: (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null)
  return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null
}
