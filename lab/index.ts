// The lab layer: studies end to end on the real adapters, with no argv, no process.env and no
// printing. Each verb takes the runner first and reports progress through callbacks.
export type { LedgerLabel, ManifestInput, TimingInput } from './buildManifest.ts'
export { buildManifest, buildTiming, ledgerLabel, versions } from './buildManifest.ts'
export type {
  CalibrateOptions,
  CalibrationFile,
  GenerationCalibration,
  RooflineCheck,
} from './calibrate.ts'
export { calibrate, DEFAULT_CALIBRATION_MS } from './calibrate.ts'
export { CALIBRATION_JOBS, calibrateHonestNull } from './calibrateHonestNull.ts'
export { calibrateHonestNulls } from './calibrateHonestNulls.ts'
export type {
  CheckResult,
  CheckScenariosOptions,
  CheckVerdict,
  MinimalFailure,
  SavedFailure,
} from './checkScenarios.ts'
export { checkScenarios, FAILURES_FOLDER } from './checkScenarios.ts'
export type { Runner, RunnerOptions } from './createRunner.ts'
export { createRunner } from './createRunner.ts'
export type { ParsedInvariant, Verdict } from './evaluatePlan.ts'
export { evaluatePlan, parseInvariants } from './evaluatePlan.ts'
export { formatAdoptionTable } from './formatAdoptionTable.ts'
export { formatDetectionTable } from './formatDetectionTable.ts'
export { formatParetoTable } from './formatParetoTable.ts'
export { bestLine, formatNumber, formatTuneTable, settingsLine } from './formatTuneTable.ts'
export type { BatchGap, BatchSpread } from './measureBatchSpread.ts'
export { BATCH_SIZES, measureBatchSpread } from './measureBatchSpread.ts'
export type { DecoderBatchGap, DecoderBatchSpread } from './measureDecoderBatchSpread.ts'
export { DECODER_BATCH_SIZES, measureDecoderBatchSpread } from './measureDecoderBatchSpread.ts'
export type {
  DetectionHost,
  DetectionResult,
  HostDetection,
  MeasureDetectionOptions,
} from './measureDetection.ts'
export { measureDetection } from './measureDetection.ts'
export type { HonestSpread, ProfileSpread } from './measureHonestSpread.ts'
export { measureHonestSpread } from './measureHonestSpread.ts'
export type { MergeOptions, MergeResult } from './mergeShards.ts'
export { mergeShards } from './mergeShards.ts'
export { nameHardwareProfile } from './nameHardwareProfile.ts'
export type { PlannedRun, ScenarioPlan } from './planScenario.ts'
export { planScenario } from './planScenario.ts'
export { renderTuneReport } from './renderTuneReport.ts'
export type { AutoToleranceCache } from './resolveAutoTolerance.ts'
export { AUTO_TOLERANCE_FLOOR, AUTO_TOLERANCE_SEEDS, resolveAutoTolerance } from './resolveAutoTolerance.ts'
export type { Shard } from './resolveShard.ts'
export { resolveShard } from './resolveShard.ts'
export type { AdapterRunOptions } from './runOnAdapters.ts'
export { MODELED_GAS, runOnAdapters } from './runOnAdapters.ts'
export type { RunScenarioOptions, ScenarioResult } from './runScenario.ts'
export { runScenario } from './runScenario.ts'
export type { ScenarioRun } from './runScenarioFile.ts'
export { runScenarioFile } from './runScenarioFile.ts'
export type { SweepCounts, SweepEvent, SweepOptions, SweepResult } from './runSweep.ts'
export { runSweep } from './runSweep.ts'
export type { Evaluation, SearchResult, Tunable } from './searchTunables.ts'
export { gridOf, paretoFront, searchTunables } from './searchTunables.ts'
export { sha256File } from './sha256File.ts'
export type { AdoptionMetric, AdoptionRow } from './tabulateAdoption.ts'
export { ADOPTION_METRICS, tabulateAdoption } from './tabulateAdoption.ts'
export type { DetectionRow } from './tabulateDetection.ts'
export { tabulateDetection } from './tabulateDetection.ts'
export { toRunRecord } from './toRunRecord.ts'
export type { TuneResult, TuneScenarioOptions } from './tuneScenario.ts'
export { tuneScenario } from './tuneScenario.ts'
export { writeTuneFolder } from './writeTuneFolder.ts'
