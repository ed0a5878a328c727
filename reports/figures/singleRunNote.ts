import type { Figure, FigureContext } from './figureContext.ts'

/**
 * What a report of one point can and cannot show, in place of plots against a swept value with
 * one dot each.
 */
export function singleRunNote(ctx: FigureContext): Figure[] {
  if (ctx.points.length !== 1) return []
  const runs = ctx.records.length
  return [
    {
      id: 'single-run',
      title: runs === 1 ? 'A single run' : `A single point (${runs} replicates)`,
      data: [],
      layout: {},
      note: `One point has no swept value to plot against, so this report draws no per-point figures: the answer above gives its metrics (every one, with ${runs > 1 ? '95% intervals over replicates' : 'no interval from one run'}, is in summary.json). Below: the run over virtual time, window by window (from trace.ndjson, which has every event)${ctx.input.market?.periods.length ? ', the demand market period by period (from periods.ndjson)' : ''}, the finality latency distribution and gas per call.`,
    },
  ]
}
