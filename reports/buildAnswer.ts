import { demandAnswer } from './answer/demandAnswer.ts'
import { llmOverheadAnswer } from './answer/llmOverheadAnswer.ts'
import { overheadAnswer } from './answer/overheadAnswer.ts'
import { figureContext, type ReportInput } from './figures/figureContext.ts'

/**
 * The block at the top of report.html: one line or two per question the project asks, in
 * numbers from these runs, or why these runs cannot answer it. Plain text: the page escapes it.
 */
export function buildAnswer(input: ReportInput): string[] {
  if (input.records.length === 0) return []
  const ctx = figureContext(input)
  // A decoder sweep's overhead question is per generated token, not per FLOP of a forward pass.
  const overhead = input.records.some((r) => r.generation) ? llmOverheadAnswer : overheadAnswer
  return [overhead, demandAnswer].flatMap((answer) => answer(ctx))
}
