// The lab layer: studies end to end on the real adapters, with no argv, no process.env and no
// printing. Each verb takes the runner first and reports progress through callbacks.
export type { Runner, RunnerOptions } from './createRunner.ts'
export { createRunner } from './createRunner.ts'
export type { PlannedRun, ScenarioPlan } from './planScenario.ts'
export { planScenario } from './planScenario.ts'
export type { AdapterRunOptions } from './runOnAdapters.ts'
export { MODELED_GAS, runOnAdapters } from './runOnAdapters.ts'
export type { RunScenarioOptions, ScenarioResult } from './runScenario.ts'
export { runScenario } from './runScenario.ts'
export type { ScenarioRun } from './runScenarioFile.ts'
export { runScenarioFile } from './runScenarioFile.ts'
export { toRunRecord } from './toRunRecord.ts'
