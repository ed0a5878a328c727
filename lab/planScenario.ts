import {
  expandSweep,
  loadScenario,
  type Overrides,
  resolveRunSpec,
  type Scenario,
} from '../scenarios/index.ts'
import type { RunSpec } from '../sim/index.ts'
import { checkModel } from './checkModel.ts'
import { type AutoToleranceCache, resolveAutoTolerance } from './resolveAutoTolerance.ts'

export type PlannedRun = {
  id: string
  point: number
  replicate: number
  params: Record<string, unknown>
  spec: RunSpec
}

export type ScenarioPlan = { scenario: Scenario; points: number; replicates: number; runs: PlannedRun[] }

/**
 * Every run a scenario file asks for: each sweep point (or the scenario itself) × replicates,
 * resolved and validated before anything runs, with each distinct model built or read once, so
 * a bad value is an error now rather than after an hour.
 */
export async function planScenario(
  file: string,
  options: { seed?: number; overrides?: Overrides } = {},
): Promise<ScenarioPlan> {
  const overrides = options.overrides ?? {}
  // The loader sets an override's value into the document as is, so a later dotted override
  // (`sweep.replicates` after `sweep: {...}`) would write into the caller's object: it gets a copy.
  const loaded = loadScenario(file, structuredClone(overrides))
  const { scenario } = loaded
  const points = expandSweep(scenario, file)
  const replicates = scenario.sweep?.replicates ?? 1
  const runs = points.flatMap((point) => {
    // The file is read and parsed once; each point only sets its values and is validated.
    const pointScenario = loaded.at(point.params)
    return Array.from({ length: replicates }, (_, replicate) => ({
      id: `${point.index}-${replicate}`,
      point: point.index,
      replicate,
      params: point.params,
      spec: resolveRunSpec(pointScenario, file, {
        replicate,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      }),
    }))
  })
  const models = new Map(runs.map((r) => [JSON.stringify(r.spec.model), r.spec.model]))
  for (const model of models.values()) await checkModel(file, model, scenario)
  // Measured once per model and hardware set, before any run, like the model check above.
  const spreads: AutoToleranceCache = new Map()
  for (const run of runs) run.spec = await resolveAutoTolerance(run.spec, spreads)
  return { scenario, points: points.length, replicates, runs }
}
