export { buildJsonSchema, schemaId } from './buildJsonSchema.ts'
export type { ScenarioIssue } from './checkScenario.ts'
export { checkScenario } from './checkScenario.ts'
export { countSweepRuns } from './countSweepRuns.ts'
export type { FieldKind } from './describeScenarioField.ts'
export { describeScenarioField } from './describeScenarioField.ts'
export { estimateModelBytes } from './estimateModelBytes.ts'
export type { SweepPoint } from './expandSweep.ts'
export { expandSweep } from './expandSweep.ts'
export { checkInvariant } from './invariants/checkInvariant.ts'
export { InvariantCheckError, InvariantSyntaxError } from './invariants/errors.ts'
export type { InvariantResult } from './invariants/evaluateInvariant.ts'
export { evaluateInvariant } from './invariants/evaluateInvariant.ts'
export { formatInvariant } from './invariants/formatInvariant.ts'
export type { SourcePosition } from './invariants/locateInvariantToken.ts'
export { locateInvariantToken } from './invariants/locateInvariantToken.ts'
export { margin } from './invariants/margin.ts'
export { parseInvariant } from './invariants/parseInvariant.ts'
export { tokenizeInvariant } from './invariants/tokenizeInvariant.ts'
export type {
  InvariantExpr,
  InvariantFunction,
  InvariantMetrics,
  MetricEstimate,
  MetricValue,
  Token,
} from './invariants/types.ts'
export { limits } from './limits.ts'
export type { LoadedScenario, LoadOptions, Overrides } from './loadScenario.ts'
export { loadScenario, parseScenario } from './loadScenario.ts'
export { locateIssue } from './locateIssue.ts'
export { placeScenarioField } from './placeScenarioField.ts'
export { resolveFieldPath } from './resolveFieldPath.ts'
export type { RunOverrides } from './resolveRunSpec.ts'
export { resolveRunSpec } from './resolveRunSpec.ts'
export type { Scenario, ScenarioInput, Sweep, Workload } from './schema.ts'
export { scenarioSchema } from './schema.ts'
