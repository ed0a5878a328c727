import type { Market } from './marketOf.ts'

type Shape = Record<string, unknown>
type Annotation = Record<string, unknown>

/**
 * The run's partial last period (the run ended inside it) as a grey span on a time axis in
 * virtual days, labelled, and a sentence for the caption: its sums cover less than a period, so
 * a bar or line that falls there is the run ending, not requesters leaving. Nothing when the run
 * ended on a period boundary. `xref` names the axis.
 */
export function partialMark(
  market: Market,
  xref = 'x',
): { shapes: Shape[]; annotations: Annotation[]; caption: string } {
  const row = market.partial
  if (!row) return { shapes: [], annotations: [], caption: '' }
  const from = market.day(row.start)
  const share = `${Math.round(((row.end - row.start) / market.periodLength) * 100)}%`
  return {
    shapes: [
      {
        type: 'rect',
        xref,
        yref: 'paper',
        x0: from,
        x1: market.day(row.end),
        y0: 0,
        y1: 1,
        fillcolor: '#7f7f7f',
        opacity: 0.15,
        line: { width: 0 },
        layer: 'below',
      },
    ],
    annotations: [
      {
        x: from,
        xref,
        y: 0,
        yref: 'paper',
        yanchor: 'bottom',
        xanchor: 'right',
        text: `partial period ${row.period}`,
        showarrow: false,
        font: { size: 11, color: '#444' },
      },
    ],
    caption: ` The grey span is period ${row.period}, cut short by the run's end (${share} of a period): its per-period sums cover less time, so a drop there is not demand lost.`,
  }
}
