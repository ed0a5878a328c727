import { METRIC_RANGES } from '../metricRanges.ts'
import { errorBars } from './errorBars.ts'
import { type Figure, type FigureContext, groupPoints, splittingPaths } from './figureContext.ts'

/**
 * The mission question: verification overhead against model size, one line per mode, and one
 * per value of any other field swept across sizes, so different settings never share a line.
 */
export function overheadVsFlops(ctx: FigureContext): Figure[] {
  const { points, paths, modeOf, flopsOf, modes } = ctx
  // One model size (or one point) gives dots, not lines: the answer block gives their values.
  if (new Set(points.map((p) => flopsOf(p.point))).size < 2) return []
  const groups = groupPoints(
    points,
    modeOf,
    splittingPaths(points, paths, (p) => flopsOf(p.point), modeOf),
    modes.length,
  )
  return [
    {
      id: 'overhead-vs-flops',
      title: 'Verification overhead vs model FLOPs per inference',
      data: groups.map((g) => {
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
      caption: `What verifying costs, as a multiple of the useful inference it verifies (compute and gas in tokens), against model size, one line per mode; bars are 95% intervals over replicates. A falling line means verification gets relatively cheaper as models grow; where two lines cross, the cheaper mode changes (the crossovers are in the answer above).${ctx.modeled}`,
    },
  ]
}
