import { availableParallelism } from 'node:os'
import { loadScenario, type Overrides, resolveRunSpec } from '../scenarios/index.ts'
import type { RunResult, RunSpec, TraceEvent } from '../sim/index.ts'
import { resolveAutoTolerance } from './resolveAutoTolerance.ts'
import { runOnAdapters } from './runOnAdapters.ts'

export type ScenarioRun = { spec: RunSpec; result: RunResult; trace: TraceEvent[] }

/** Run a scenario file, with fields overridden by dotted path, on the real adapters; keep its trace in memory. */
export async function runScenarioFile(
  path: string,
  overrides: Overrides = {},
  options: { workers?: number; keepTrace?: boolean } = {},
): Promise<ScenarioRun> {
  const { scenario } = loadScenario(path, overrides)
  const spec = await resolveAutoTolerance(resolveRunSpec(scenario, path))
  const trace: TraceEvent[] = []
  const result = await runOnAdapters(spec, {
    workers: options.workers ?? Math.min(2, availableParallelism()),
    ...(options.keepTrace ? { trace: (e: TraceEvent) => trace.push(e) } : {}),
  })
  return { spec, result, trace }
}
