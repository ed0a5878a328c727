import type { Incident } from '../../sim/index.ts'
import type { Market } from './marketOf.ts'

type Shape = Record<string, unknown>

/** More periods with slashes than this get one summary label instead of one each. */
const MAX_SLASH_LABELS = 6
type Annotation = Record<string, unknown>

/**
 * The incidents of a market run as marks on a time axis in virtual days: a shaded span per
 * outage (a centralized provider's, or the network's verification), labelled with what was out,
 * and a dashed line at each period's first slash, labelled with the period's slash count. An
 * outage still open at the end runs to the end. `xref` names the axis (multi-axis figures).
 */
export function incidentMarks(market: Market, xref = 'x'): { shapes: Shape[]; annotations: Annotation[] } {
  const shapes: Shape[] = []
  const annotations: Annotation[] = []
  const label = (x: number, text: string, row: number) =>
    annotations.push({
      x,
      xref,
      y: 1 - row * 0.07,
      yref: 'paper',
      text,
      showarrow: false,
      xanchor: 'left',
      font: { size: 11, color: '#444' },
    })
  const incidents = market.periods.flatMap((p) => p.incidents).sort((a, b) => a.t - b.t)
  const open = new Map<string, Incident>()
  const spans: { from: number; to: number; text: string }[] = []
  for (const i of incidents) {
    const isVerification = i.kind.startsWith('verification-outage')
    const key = isVerification ? 'verification' : `outage:${i.provider}`
    const text = isVerification ? 'verification outage' : `outage: ${i.provider}`
    if (i.kind === 'outage-start' || i.kind === 'verification-outage-start') {
      if (!open.has(key)) open.set(key, i)
    } else if (i.kind === 'outage-end' || i.kind === 'verification-outage-end') {
      const start = open.get(key)
      if (start) spans.push({ from: market.day(start.t), to: market.day(i.t), text })
      open.delete(key)
    }
  }
  for (const [key, start] of open)
    spans.push({
      from: market.day(start.t),
      to: market.end,
      text: key === 'verification' ? 'verification outage' : `outage: ${start.provider}`,
    })
  spans.sort((a, b) => a.from - b.from)
  spans.forEach((s, i) => {
    shapes.push({
      type: 'rect',
      xref,
      yref: 'paper',
      x0: s.from,
      x1: s.to,
      y0: 0,
      y1: 1,
      fillcolor: '#d62728',
      opacity: 0.12,
      line: { width: 0 },
      layer: 'below',
    })
    label(s.from, s.text, i % 3)
  })
  // Slashes come one block at a time: a period's blocks are one mark with their total.
  const slashes = new Map<number, { t: number; count: number }>()
  for (const p of market.periods) {
    for (const i of p.incidents) {
      if (i.kind !== 'slash') continue
      const seen = slashes.get(p.period)
      slashes.set(p.period, { t: Math.min(seen?.t ?? i.t, i.t), count: (seen?.count ?? 0) + i.count })
    }
  }
  ;[...slashes.values()].forEach((s, i) => {
    const x = market.day(s.t)
    shapes.push({
      type: 'line',
      xref,
      yref: 'paper',
      x0: x,
      x1: x,
      y0: 0,
      y1: 1,
      line: { color: '#ff7f0e', width: 1.5, dash: 'dash' },
    })
    if (slashes.size <= MAX_SLASH_LABELS)
      label(x, `${s.count} slash${s.count === 1 ? '' : 'es'}`, (spans.length + i) % 3)
  })
  // A run whose cheaters are caught all along slashes in most periods: a label on each would
  // bury the curves, so one label says what the dashed lines are.
  if (slashes.size > MAX_SLASH_LABELS) {
    const total = [...slashes.values()].reduce((n, s) => n + s.count, 0)
    const first = Math.min(...[...slashes.values()].map((s) => s.t))
    label(market.day(first), `slashes in ${slashes.size} periods (dashed), ${total} in all`, spans.length % 3)
  }
  return { shapes, annotations }
}
