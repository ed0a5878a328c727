// The errors live in errors/, shared by every layer; re-exported here until every import names it.
export type { BaseErrorOptions, ErrorKind, ErrorPlace } from '../errors/index.ts'
export {
  BaseError,
  ChainError,
  formatError,
  InputError,
  ModelFileError,
  PoolError,
  ScenarioFieldError,
} from '../errors/index.ts'
export { assignShares } from './assignShares.ts'
export { availableMetrics } from './availableMetrics.ts'
export type { Economics, HostTally, MetricName, Metrics, Tallies } from './computeMetrics.ts'
export { computeMetrics, METRIC_NAMES } from './computeMetrics.ts'
export type { InferenceCache } from './createInferenceCache.ts'
export { createInferenceCache } from './createInferenceCache.ts'
export type { Counts, RunContext } from './createRunContext.ts'
export { CHAIN_EPOCH, createRunContext, MAX_CALLS_PER_BLOCK, PRIORITY } from './createRunContext.ts'
export type { WeightedPicker } from './createWeightedPicker.ts'
export { createWeightedPicker } from './createWeightedPicker.ts'
export type { EventQueue, QueuedEvent } from './eventQueue.ts'
export { compareEvents, createEventQueue } from './eventQueue.ts'
export { hardwareKey } from './hardwareKey.ts'
export type { Histogram } from './latencyHistogram.ts'
export { LATENCY_EDGES, latencyHistogram } from './latencyHistogram.ts'
export { createMode } from './modes/createMode.ts'
export { majorityOf } from './modes/majorityOf.ts'
export type { ModeHandler } from './modes/types.ts'
export { outputsAgree } from './outputsAgree.ts'
export { percentile } from './percentile.ts'
export type * from './ports.ts'
export { REFERENCE_HARDWARE } from './ports.ts'
export type { Rng, RngStreams } from './rngStreams.ts'
export { bernoulli, createRngStreams, exponential, uint32 } from './rngStreams.ts'
export type { Task } from './runEventLoop.ts'
export { runEventLoop } from './runEventLoop.ts'
export { runKey } from './runKey.ts'
export type { GasByCall, RunProgress, RunResult, SimIO } from './runSimulation.ts'
export { runSimulation } from './runSimulation.ts'
export type { ModeledAttestation, ModeName, RunSpec } from './runSpec.ts'
export type {
  Batch,
  HostBehaviour,
  HostState,
  Job,
  Replica,
  VerifierBehaviour,
  VerifierState,
} from './runState.ts'
export type { TraceEvent } from './traceEvent.ts'
export type { Unavailable } from './unavailableMetrics.ts'
export { unavailableMetrics } from './unavailableMetrics.ts'
export { fromUnits, toUnits } from './units.ts'
export type { VirtualClock } from './virtualClock.ts'
export { createVirtualClock } from './virtualClock.ts'
