import { adoptionOverTime } from './figures/adoptionOverTime.ts'
import { capacityVsDemand } from './figures/capacityVsDemand.ts'
import { cohortHeatmap } from './figures/cohortHeatmap.ts'
import { cohortRetention } from './figures/cohortRetention.ts'
import {
  type Figure,
  type FigureContext,
  figureContext,
  type MarketInput,
  type ReportInput,
} from './figures/figureContext.ts'
import { finalityLatency } from './figures/finalityLatency.ts'
import { fraudRates } from './figures/fraudRates.ts'
import { gasByCall } from './figures/gasByCall.ts'
import { hostingSplit } from './figures/hostingSplit.ts'
import { jobValueTable } from './figures/jobValueTable.ts'
import { llmOverheadPerToken } from './figures/llmOverheadPerToken.ts'
import { marketAdoption } from './figures/marketAdoption.ts'
import { noteConstantSeries } from './figures/noteConstantSeries.ts'
import { overheadVsFlops } from './figures/overheadVsFlops.ts'
import { returnsVsSweep } from './figures/returnsVsSweep.ts'
import { revenueVsEmissions } from './figures/revenueVsEmissions.ts'
import { runTimeline } from './figures/runTimeline.ts'
import { segmentChoices } from './figures/segmentChoices.ts'
import { singleRunNote } from './figures/singleRunNote.ts'
import { strategiesOverTime } from './figures/strategiesOverTime.ts'
import { sweepAdoption } from './figures/sweepAdoption.ts'

export type { Figure, MarketInput, ReportInput }

/**
 * The figure builders in page order: each reads the shared context and gives zero or more
 * figures, so a new figure is a new file in figures/ and a line here.
 */
const BUILDERS: readonly ((ctx: FigureContext) => Figure[])[] = [
  singleRunNote,
  runTimeline,
  strategiesOverTime,
  jobValueTable,
  // A demand market run's section: one point's periods (figures/marketOf).
  marketAdoption,
  cohortRetention,
  cohortHeatmap,
  revenueVsEmissions,
  capacityVsDemand,
  segmentChoices,
  llmOverheadPerToken,
  overheadVsFlops,
  hostingSplit,
  returnsVsSweep,
  fraudRates,
  adoptionOverTime,
  // A demand-market sweep: each point's production adoption per period (readSweepAdoption).
  sweepAdoption,
  finalityLatency,
  gasByCall,
]

/**
 * The report's figures, computed from finished runs alone (a pure function, so `verisim report`
 * rebuilds the same page from an output folder).
 */
export function buildFigures(input: ReportInput): Figure[] {
  const ctx = figureContext(input)
  return BUILDERS.flatMap((build) => build(ctx)).map(noteConstantSeries)
}
