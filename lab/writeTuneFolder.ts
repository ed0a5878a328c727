import { join } from 'node:path'
import { prepareOutputFile, writeFileAtomic } from '../reports/index.ts'
import type { Overrides } from '../scenarios/index.ts'
import { renderTuneReport } from './renderTuneReport.ts'
import type { TuneResult } from './tuneScenario.ts'

/**
 * A tune's output folder, as `verisim tune` writes it: tune.json (the scenario's name, the
 * overrides applied under every setting, and the result) and report.html with the Pareto front.
 */
export function writeTuneFolder(
  out: string,
  scenario: string,
  overrides: Overrides,
  result: TuneResult,
): void {
  // Already done by `verisim tune` before its search; a script may call this alone.
  prepareOutputFile(join(out, 'tune.json'), 'out')
  writeFileAtomic(join(out, 'tune.json'), `${JSON.stringify({ scenario, overrides, ...result }, null, 2)}\n`)
  writeFileAtomic(join(out, 'report.html'), renderTuneReport(scenario, result))
}
