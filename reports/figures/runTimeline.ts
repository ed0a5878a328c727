import { TIMELINE_RANGES } from '../metricRanges.ts'
import { axisRange } from './axisRange.ts'
import { binTimeline, type TimelineWindows } from './binTimeline.ts'
import type { Figure, FigureContext } from './figureContext.ts'
import { axisSuffix } from './panelTitle.ts'

type Panel = {
  title: string
  yTitle: string
  range: [number, number]
  traces: object[]
  /** Further y axis settings. */
  axis?: object
}

/**
 * A single run over virtual time, from its trace: per window, the share of the jobs requested
 * then that cheated and that a verifier checked (and of the requests that chose the network,
 * when requesters can choose), the challenges and slashes, and the finality latency of the jobs
 * that became final then. One panel per kind of figure, each in its metric's range, sharing the
 * time axis. A sweep has its per-point figures instead.
 */
export function runTimeline(ctx: FigureContext): Figure[] {
  const tally = ctx.input.timeline
  if (ctx.points.length !== 1 || !tally) return []
  const w = binTimeline(tally)
  if (!w) return []
  const unit = timeUnit(w.starts.length * w.width)
  const mid = w.starts.map((s) => (s + w.width / 2) / unit.seconds)
  const notes: string[] = []
  const panels: Panel[] = []

  const shares: object[] = [
    line('cheating jobs ÷ jobs', mid, w.cheatRate, '#d62728'),
    line('jobs checked by a verifier ÷ jobs', mid, w.checkedShare, '#1f77b4'),
  ]
  const record = ctx.records.find((r) => r.replicate === 0) ?? ctx.records[0]
  const adoption = (record?.adoption ?? []).filter((b): b is { t: number; share: number } => b.share !== null)
  const distinct = new Set(adoption.map((b) => b.share))
  if (distinct.size > 1) {
    // The run's record keeps adoption per tenth of the request period, not per window.
    const tenth = (record?.adoption[0]?.t ?? 0) / unit.seconds
    shares.push(
      line(
        'requests that chose the network ÷ requests',
        adoption.map((b) => b.t / unit.seconds - tenth / 2),
        adoption.map((b) => b.share),
        '#2ca02c',
      ),
    )
  } else
    notes.push(
      adoption.length === 0
        ? 'No request was offered, so there is no adoption share to draw.'
        : `Adoption (requests that chose the network ÷ requests) is ${adoption[0]?.share} at every tenth of the run: nothing here lets requesters move between the network and the centralized baseline (a demand market does), so it is constant by construction and not drawn.`,
    )
  // From 0 to just past what the shares reach: a cheat rate of a few percent on a 0–1 axis is
  // a line along the floor.
  const reached = shares.flatMap((t) => (t as { y: (number | null)[] }).y)
  panels.push({
    title: 'shares of the jobs requested in each window',
    yTitle: 'share',
    range: axisRange([0, ...reached], TIMELINE_RANGES.share),
    traces: shares,
  })

  const events = [
    bars('challenges opened', mid, w.challenges, '#2ca02c', w.width / unit.seconds),
    bars('cheaters slashed', mid, w.cheaterSlashes, '#ff7f0e', w.width / unit.seconds),
    bars('honest hosts slashed', mid, w.honestSlashes, '#9467bd', w.width / unit.seconds),
  ]
  const happened = events.filter((b) => b.y.some((y) => y > 0))
  const none = events.filter((b) => !happened.includes(b)).map((b) => b.name)
  if (none.length > 0)
    notes.push(`No ${none.join(', no ')} in this run${happened.length ? '' : ', so no event panel'}.`)
  const most = Math.max(0, ...happened.flatMap((b) => b.y))
  if (happened.length > 0)
    panels.push({
      title: `events per ${formatWidth(w.width)} window`,
      yTitle: 'count',
      range: [0, most * 1.05],
      traces: happened,
      // Counts: no tick at half an event.
      axis: most <= 10 ? { dtick: 1 } : { tickformat: 'd' },
    })

  const latency = latencyPanel(w, mid, tally.finality, notes)
  if (latency) panels.push(latency)

  const layout = stacked(panels, `virtual time (${unit.name})`)
  const runs = ctx.records.length
  if (runs > 1) notes.unshift(`Replicate 0 of ${runs}; every replicate's events are in trace.ndjson.`)
  return [
    {
      id: 'timeline',
      title: `The run over virtual time (per ${formatWidth(w.width)} window)`,
      data: panels.flatMap((p, i) => p.traces.map((t) => ({ ...t, xaxis: 'x', yaxis: `y${axisSuffix(i)}` }))),
      layout,
      caption: `What changed as the run went on. Top: of the jobs requested in each window, the share that ran a cheating variant and the share a verifier re-executed; a falling cheat share is cheaters deterred or slashed out. Middle: challenges opened and slashes made in each window; slashes of honest hosts are false slashes. Bottom: how long the jobs that became final in each window waited from request to finality (p50 and p95), which the challenge window sets from below. After the last request the run only drains, so the shares end there while finality goes on.${ctx.modeled}`,
      ...(notes.length ? { note: notes.join(' ') } : {}),
    },
  ]
}

function latencyPanel(w: TimelineWindows, mid: number[], finality: boolean, notes: string[]): Panel | null {
  if (!finality) {
    notes.push(
      'This trace’s payouts do not name the jobs they made final (it was written before they did), so finality latency over time is not drawn; its distribution is below.',
    )
    return null
  }
  if (w.finals.every((n) => n === 0)) {
    notes.push('No job became final in this run, so there is no finality latency to draw.')
    return null
  }
  // A colour of its own: the legend is shared by every panel.
  const traces = [
    line('finality latency p50', mid, w.latencyP50, '#8c564b'),
    line('finality latency p95', mid, w.latencyP95, '#8c564b', 'dot'),
  ]
  return {
    title: 'finality latency of the jobs that became final in each window',
    yTitle: 'latency (s)',
    range: axisRange([0, ...w.latencyP50, ...w.latencyP95], TIMELINE_RANGES.latency),
    traces,
  }
}

function line(name: string, x: number[], y: (number | null)[], color: string, dash?: string) {
  return {
    type: 'scatter',
    mode: 'lines+markers',
    name,
    x,
    y,
    line: { color, ...(dash ? { dash } : {}) },
    marker: { size: 4, color },
    // A share of exactly 0 or 1 sits on the axis's edge: its marker is drawn whole.
    cliponaxis: false,
  }
}

function bars(name: string, x: number[], y: number[], color: string, width: number) {
  return { type: 'bar', name, x, y, marker: { color }, width: x.map(() => width / 3) }
}

/** Panels stacked top to bottom over one time axis, each titled above its plot. */
function stacked(panels: readonly Panel[], xTitle: string): object {
  const gap = 0.1
  const h = (1 - gap * (panels.length - 1)) / panels.length
  const axes = Object.fromEntries(
    panels.map((p, i) => {
      const top = 1 - i * (h + gap)
      return [
        `yaxis${axisSuffix(i)}`,
        { domain: [top - h, top], range: p.range, title: { text: p.yTitle }, anchor: 'x', ...p.axis },
      ]
    }),
  )
  return {
    xaxis: { title: { text: xTitle }, anchor: `y${axisSuffix(panels.length - 1)}`, rangemode: 'tozero' },
    ...axes,
    barmode: 'group',
    // A frame around each panel: without one a line near a panel's top seems to float above it.
    shapes: panels.map((_, i) => ({
      type: 'rect',
      xref: 'x domain',
      yref: `y${axisSuffix(i)} domain`,
      x0: 0,
      x1: 1,
      y0: 0,
      y1: 1,
      line: { color: '#d0d0d0', width: 1 },
      layer: 'below',
    })),
    annotations: panels.map((p, i) => ({
      text: p.title,
      showarrow: false,
      xref: 'x domain',
      yref: `y${axisSuffix(i)} domain`,
      x: 0.5,
      y: 1,
      yanchor: 'bottom',
      font: { size: 13 },
    })),
    height: 120 + panels.length * 230,
    margin: { t: 40 },
  }
}

/** The unit the time axis reads in: seconds up to three hours, hours up to three days, then days. */
function timeUnit(span: number): { name: string; seconds: number } {
  if (span > 3 * 86400) return { name: 'days', seconds: 86400 }
  if (span > 3 * 3600) return { name: 'h', seconds: 3600 }
  return { name: 's', seconds: 1 }
}

function formatWidth(seconds: number): string {
  if (seconds >= 86400 && seconds % 86400 === 0) return `${seconds / 86400}-day`
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}-hour`
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}-minute`
  return `${Number(seconds.toPrecision(3))}-second`
}
