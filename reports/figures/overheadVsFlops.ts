import { METRIC_RANGES } from '../metricRanges.ts'
import { errorBars } from './errorBars.ts'
import { type Figure, type FigureContext, groupPoints, MODE_COLORS, splittingPaths } from './figureContext.ts'
import { type ModeledCurves, modeledCurvesOf } from './modeledCurvesOf.ts'

/**
 * The mission question: verification overhead against model size, one line per mode, and one
 * per value of any other field swept across sizes, so different settings never share a line.
 * Beside the measured points, dashed and marked modeled, each mode's grounded curve from 1e6 to
 * 1e12 parameters (sim/modes/overheadCurves) and a table of the sizes where the cheapest
 * verifying mode changes.
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
  const modeled = modeledCurvesOf(ctx)
  return [
    {
      id: 'overhead-vs-flops',
      title: 'Verification overhead vs model FLOPs per inference',
      data: [
        ...groups.map((g) => {
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
        ...(modeled ? curveTraces(modeled) : []),
      ],
      layout: {
        xaxis: { title: { text: 'model FLOPs per inference' }, type: 'log' },
        yaxis: { title: { text: 'verification overhead (÷ useful compute)' }, type: 'log' },
      },
      caption: `What verifying costs, as a multiple of the useful inference it verifies (compute and gas in tokens), against model size, one line per mode; bars are 95% intervals over replicates. A falling line means verification gets relatively cheaper as models grow; where two lines cross, the cheaper mode changes (the crossovers are in the answer above).${modeled ? ' Dashed: each mode’s MODELED overhead from 1e6 to 1e12 parameters (sim/modes/overheadCurves: compute 2 × parameters × tokens × costPerFlop, the TEE’s fixed cost and factor, zk’s proving law and proof gas, sampling p, replication k − 1, optimistic watchers × watchProbability, gas at the scenario’s gasPrice), from the scenario’s own parameters, for honest hosts (no dispute gas, which the measured points include): not measured.' : ''}${variedNote(ctx.input.varied)}${ctx.modeled}`,
    },
    ...(modeled ? [crossoverTable(modeled)] : []),
  ]
}

/** Why a sweep's figure has no modeled curves, when its points give them different inputs. */
function variedNote(varied: readonly string[] | undefined): string {
  if (!varied || varied.length === 0) return ''
  return ` No modeled curves: the sweep sets ${varied.join(', ')} apart between points, and the curves read ${varied.length > 1 ? 'them' : 'it'}; one set of curves would misstate every other point.`
}

/** Dashed lines, one per verifying mode (none is 0, off a log axis), in the legend group `modeled`. */
function curveTraces(modeled: ModeledCurves): object[] {
  const x = modeled.parameters.map(modeled.flopsOf)
  return modeled.curves
    .filter((c) => c.mode !== 'none')
    .map((c) => ({
      type: 'scatter',
      mode: 'lines',
      name: `${c.mode} (modeled curve)`,
      legendgroup: 'modeled',
      x,
      y: c.overhead,
      line: { color: MODE_COLORS[c.mode], dash: 'dash' },
    }))
}

/** The crossovers as rows: from which size each verifying mode is the cheapest (modeled). */
function crossoverTable(modeled: ModeledCurves): Figure {
  return {
    id: 'overhead-crossovers',
    title: 'Cheapest verifying mode by model size (modeled)',
    data: [],
    layout: {},
    table: {
      columns: ['from (parameters)', 'FLOPs per inference', 'cheapest verifying mode (modeled)'],
      rows: modeled.crossovers.map((c) => [
        `from ${formatSize(c.parameters)} parameters`,
        formatSize(modeled.flopsOf(c.parameters)),
        `${c.mode} is cheapest`,
      ]),
    },
    caption: `MODELED, not measured: where the dashed curves above cross, the cheapest verifying mode (none checks nothing and is left out) changes. Up to ${formatSize(modeled.parameters.at(-1) as number)} parameters.`,
  }
}

function formatSize(v: number): string {
  return v.toExponential(1).replace('e+', 'e')
}
