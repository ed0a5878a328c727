// The programmatic API: what `import { ... } from 'verisim'` gives. The package ships TypeScript
// and runs it through tsx, so a script that imports it runs with `node --import tsx script.ts`
// (or `npx tsx script.ts`). Each name is listed explicitly: anything not here is internal and
// may move (run planning and sweeps are moving from cli/ to lab/; these names stay).

// Verdicts of a scenario's invariants over its planned runs.
export type { ParsedInvariant, Verdict } from './cli/evaluatePlan.ts'
export { evaluatePlan, parseInvariants } from './cli/evaluatePlan.ts'
// Running scenarios on the real adapters (onnxruntime workers, anvil or the in-process ledger).
export type { LedgerChoice } from './contracts/index.ts'
export type { Calibration, FamilyCalibration, InferencePoolOptions } from './engine/index.ts'
export { calibrate, createInferencePool } from './engine/index.ts'
// Errors: a script branches on the class and its fields (`error.fieldPath`, `error.line`), and
// formatError gives the one line `verisim` prints.
export type {
  BaseErrorOptions,
  ChainErrorOptions,
  ErrorKind,
  ErrorPlace,
  ModelFileErrorOptions,
  PoolErrorOptions,
  ScenarioFieldErrorOptions,
} from './errors/index.ts'
export {
  BaseError,
  ChainError,
  formatError,
  InputError,
  ModelFileError,
  PoolError,
  ScenarioFieldError,
} from './errors/index.ts'
export type {
  AdapterRunOptions,
  PlannedRun,
  Runner,
  RunnerOptions,
  RunScenarioOptions,
  ScenarioPlan,
  ScenarioResult,
  ScenarioRun,
} from './lab/index.ts'
export {
  createRunner,
  MODELED_GAS,
  planScenario,
  runOnAdapters,
  runScenario,
  runScenarioFile,
  toRunRecord,
} from './lab/index.ts'

// Aggregating results the way `verisim sweep` does.
export type { Estimate, PointSummary, RunRecord, Summary, SweepRecord } from './reports/index.ts'
export { aggregatePoints, buildSummary, formatRunsCsv, summarizeSamples } from './reports/index.ts'

// Scenario files: loading, validation, defaults, sweeps and invariants.
export type {
  InvariantResult,
  LoadedScenario,
  Overrides,
  RunOverrides,
  Scenario,
  ScenarioInput,
  Sweep,
  SweepPoint,
} from './scenarios/index.ts'
export {
  evaluateInvariant,
  expandSweep,
  loadScenario,
  parseInvariant,
  parseScenario,
  resolveRunSpec,
  scenarioSchema,
} from './scenarios/index.ts'

// The simulation and its data: results, metrics, traces and ports.
export type {
  Counts,
  GasByCall,
  InferencePort,
  LedgerPort,
  MetricName,
  Metrics,
  ModeName,
  RunProgress,
  RunResult,
  RunSpec,
  SimIO,
  TraceEvent,
} from './sim/index.ts'
export { METRIC_NAMES, runSimulation } from './sim/index.ts'
