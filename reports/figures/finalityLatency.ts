import type { SweepRecord } from '../writeRunFolder.ts'
import type { Figure, FigureContext } from './figureContext.ts'
import { axisSuffix, panelTitle } from './panelTitle.ts'

const TITLE = 'Finality latency distribution'

type Histogram = { edges: number[]; counts: number[] }

/**
 * Finality latency as a distribution: one panel per series (per mode when the mode varies), the
 * runs' histograms summed, on a log axis whose bins are widened to fit the decades the data
 * spans, with p50 and p95 marked. A distribution in one or two bins is a note instead: it has
 * no shape to show.
 */
export function finalityLatency(ctx: FigureContext): Figure[] {
  const { series } = ctx
  const histograms = series.groups
    .map((s) => ({ s, hist: sumHistograms(s.records) }))
    .filter(({ hist }) => hist.counts.some((c) => c > 0))
  const occupied = new Set(
    histograms.flatMap(({ hist }) => hist.counts.flatMap((c, i) => (c > 0 ? [i] : []))),
  )
  if (histograms.length === 0 || occupied.size <= 2) {
    const edges = histograms[0]?.hist.edges ?? []
    const bins = [...occupied].sort((a, b) => a - b)
    const low = bins.length ? lowerEdge(edges, bins[0] as number) : 0
    const high = bins.length ? upperEdge(edges, bins.at(-1) as number) : 0
    return [
      {
        id: 'finality',
        title: TITLE,
        data: [],
        layout: {},
        caption: '',
        note:
          histograms.length === 0
            ? 'No result reached finality in any run, so there is no latency to plot.'
            : `Every finalized result took between ${round(low)} and ${round(high)} s (${bins.length === 1 ? 'one bin' : 'two bins'} of the latency histogram): a distribution that narrow has no shape to plot; each point’s p50 and p95 are in summary.json.`,
      },
    ]
  }
  const edges = (histograms[0] as { hist: Histogram }).hist.edges
  const from = Math.min(...occupied)
  const to = Math.max(...occupied)
  const bins = fittedBins(edges, from, to)
  const n = histograms.length
  const data: object[] = []
  const shapes: object[] = []
  const annotations: object[] = []
  histograms.forEach(({ s, hist }, i) => {
    const total = hist.counts.reduce((a, b) => a + b, 0)
    const shares = bins.map((b) => hist.counts.slice(b.from, b.to + 1).reduce((a, c) => a + c, 0) / total)
    const axes = { xaxis: `x${axisSuffix(i)}`, yaxis: `y${axisSuffix(i)}` }
    data.push({
      type: 'bar',
      name: s.label,
      x: bins.map((b) => Math.sqrt(b.low * b.high)),
      width: bins.map((b) => b.high - b.low),
      y: shares,
      marker: { color: s.color },
      hovertemplate: `%{y:.1%} of results<extra>${s.label}</extra>`,
      showlegend: false,
      ...axes,
    })
    // Each run's own p50 and p95 (from its exact latencies), averaged over the series' runs: a
    // quantile read off a bin of the histogram would only say which bin it is in.
    for (const [q, dash] of [
      [0.5, 'solid'],
      [0.95, 'dot'],
    ] as const) {
      const at = mean(
        s.records.map((r) => r.metrics[q === 0.5 ? 'finality_latency_p50' : 'finality_latency_p95']),
      )
      if (at === null || at <= 0) continue
      shapes.push({
        type: 'line',
        xref: `x${axisSuffix(i)}`,
        x0: at,
        x1: at,
        yref: `y${axisSuffix(i)} domain`,
        y0: 0,
        y1: 1,
        line: { color: '#222', dash, width: 1.5 },
      })
      annotations.push({
        text: `p${Math.round(q * 100)} ${round(at)} s`,
        showarrow: false,
        xref: `x${axisSuffix(i)}`,
        x: Math.log10(at),
        yref: `y${axisSuffix(i)} domain`,
        y: q === 0.5 ? 0.95 : 0.75,
        xanchor: 'left',
        font: { size: 11 },
      })
    }
    annotations.push(panelTitle(s.label, i))
  })
  const axes = Object.fromEntries(
    histograms.flatMap((_, i) => [
      [
        `xaxis${axisSuffix(i)}`,
        {
          type: 'log',
          ...(i > 0 ? { matches: 'x' } : {}),
          ...(i === n - 1 ? { title: { text: 'seconds from request to finality (virtual)' } } : {}),
        },
      ],
      [
        `yaxis${axisSuffix(i)}`,
        { rangemode: 'tozero', tickformat: '.0%', ...(i > 0 ? { matches: 'y' } : {}) },
      ],
    ]),
  )
  const perDecade = Math.round(4 / (bins[0]?.width ?? 1))
  return [
    {
      id: 'finality',
      title: `${TITLE} (${series.by}, all replicates)`,
      data,
      layout: {
        grid: { rows: n, columns: 1, pattern: 'independent', ygap: 0.35 },
        ...axes,
        shapes,
        annotations,
        bargap: 0,
        height: 80 + n * 170,
        margin: { t: 30 },
      },
      caption: `How long a request waits for its result to be final (challenge windows and disputes included), as the share of finalized results in each latency bin: the solid line is the median (p50), the dotted one p95, both the mean over runs of each run's own; a long tail to the right is results held up by disputes.${ctx.modeled}`,
      note: `${perDecade === 1 ? 'one bin' : `${perDecade} bins`} per decade, fitted to the ${round(Math.log10(upperEdge(edges, to) / lowerEdge(edges, from)))} decades the latencies span; lines: p50 and p95 of each run's latencies, averaged over the runs`,
    },
  ]
}

/** Finality latency counts of several runs added bin by bin (every run shares the same bins). */
function sumHistograms(records: readonly SweepRecord[]): Histogram {
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

/** The recorded bins' ratio (four per decade): the first bin starts at 0 and the last is open. */
const ratioOf = (edges: readonly number[]) => (edges[2] ?? 10) / (edges[1] ?? 1)

/** A bin's lower edge on a log axis: the first bin, from 0, is drawn one bin-width wide. */
function lowerEdge(edges: readonly number[], i: number): number {
  return i === 0 ? (edges[1] ?? 1) / ratioOf(edges) : (edges[i] as number)
}

/** A bin's upper edge: the last, open bin is drawn one bin-width wide. */
function upperEdge(edges: readonly number[], i: number): number {
  return i + 1 < edges.length ? (edges[i + 1] as number) : (edges[i] as number) * ratioOf(edges)
}

/**
 * The recorded bins from `from` to `to`, merged so a plot shows about 4 to 12 decades' worth of
 * bars: four bins a decade up to three decades, two up to six, one beyond.
 */
export function fittedBins(
  edges: readonly number[],
  from: number,
  to: number,
): { from: number; to: number; low: number; high: number; width: number }[] {
  const decades = Math.log10(upperEdge(edges, to) / lowerEdge(edges, from))
  const width = decades <= 3 ? 1 : decades <= 6 ? 2 : 4
  const bins = []
  for (let i = from; i <= to; i += width) {
    const last = Math.min(i + width - 1, to)
    bins.push({ from: i, to: last, low: lowerEdge(edges, i), high: upperEdge(edges, last), width })
  }
  return bins
}

function mean(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v))
  return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null
}

function round(v: number): string {
  return Number(v.toPrecision(3)).toString()
}
