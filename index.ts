// The programmatic API: what `import { ... } from 'verisim'` gives. The package ships TypeScript
// and runs it through tsx, so a script that imports it runs with `node --import tsx script.ts`
// (or `npx tsx script.ts`). Each name is listed explicitly: anything not here is internal and
// may move (these names stay).

// Running scenarios on the real adapters (onnxruntime workers, anvil or the in-process ledger).
export type { LedgerChoice } from './contracts/index.ts'
export type { Calibration, FamilyCalibration, InferencePoolOptions } from './engine/index.ts'
export { createInferencePool } from './engine/index.ts'
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
  AutoToleranceCache,
  CalibrateOptions,
  CalibrationFile,
  CheckResult,
  CheckScenariosOptions,
  CheckVerdict,
  Evaluation,
  GenerationCalibration,
  MergeOptions,
  MergeResult,
  MinimalFailure,
  ParsedInvariant,
  PlannedRun,
  RooflineCheck,
  Runner,
  RunnerOptions,
  RunScenarioOptions,
  SavedFailure,
  ScenarioPlan,
  ScenarioResult,
  ScenarioRun,
  SearchResult,
  Shard,
  SweepCounts,
  SweepEvent,
  SweepOptions,
  SweepResult,
  TuneResult,
  TuneScenarioOptions,
  Verdict,
} from './lab/index.ts'
export {
  calibrate,
  checkScenarios,
  createRunner,
  evaluatePlan,
  MODELED_GAS,
  mergeShards,
  parseInvariants,
  planScenario,
  resolveAutoTolerance,
  runOnAdapters,
  runScenario,
  runScenarioFile,
  runSweep,
  toRunRecord,
  tuneScenario,
  writeTuneFolder,
} from './lab/index.ts'
// Aggregating results the way `verisim sweep` does.
export type {
  Estimate,
  PointSummary,
  RunRecord,
  Summary,
  SweepRecord,
  SweepSummary,
} from './reports/index.ts'
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
  GenerationTolerance,
  InferencePort,
  LedgerPort,
  MarketMetricName,
  MarketMetrics,
  MetricName,
  Metrics,
  ModeName,
  PeriodRow,
  RunProgress,
  RunResult,
  RunSpec,
  SimIO,
  ToleranceAuto,
  TraceEvent,
} from './sim/index.ts'
export {
  DEFAULT_GENERATION_TOLERANCE,
  MARKET_METRIC_NAMES,
  METRIC_NAMES,
  runSimulation,
} from './sim/index.ts'
