import { type OverheadCurves, overheadCurves } from '../../sim/index.ts'
import type { FigureContext } from './figureContext.ts'

/** The modeled curves of a sweep over model size, and the FLOPs per inference a size stands for. */
export type ModeledCurves = OverheadCurves & {
  /** FLOPs per inference of a model of `parameters` parameters, as the runs count them. */
  flopsOf: (parameters: number) => number
}

/**
 * The grounded curves (sim/modes/overheadCurves) for the headline figure and the answer block:
 * tokens per request are read from the runs (honest FLOPs ÷ 2 × parameters, smallest model), so
 * the curves sit on the same FLOPs axis as the measured points; a forward model proves one
 * position per request and spreads its attestation gas over its jobs per commitment, as the run
 * loop does. Null without the scenario's curve input, for a decoder sweep (priced per token, not
 * per FLOP) or when the runs do not record their parameters.
 */
export function modeledCurvesOf(ctx: FigureContext): ModeledCurves | null {
  const curves = ctx.input.curves
  if (!curves || ctx.records.some((r) => r.generation)) return null
  const sized = ctx.records
    .filter((r) => (r.model.parameters ?? 0) > 0 && (r.model.flops.honest ?? 0) > 0)
    .sort((a, b) => (a.model.flops.honest as number) - (b.model.flops.honest as number))
  const first = sized[0]
  if (!first) return null
  const tokens = (first.model.flops.honest as number) / (2 * (first.model.parameters as number))
  const commits = first.gas_by_call.commit?.calls ?? 0
  const jobs = first.counts.jobs ?? 0
  const requestsPerBatch = commits > 0 && jobs > 0 ? jobs / commits : 1
  return {
    ...overheadCurves({ ...curves, tokens, provedTokens: 1, requestsPerBatch }),
    flopsOf: (parameters) => 2 * parameters * tokens,
  }
}
