export { assignShares } from './assignShares.ts'
export { availableMetrics } from './availableMetrics.ts'
export type { ValueRow } from './binValueClasses.ts'
export { binValueClasses } from './binValueClasses.ts'
export { checkProbabilityOf } from './checkProbabilityOf.ts'
export type {
  Economics,
  GenerationTally,
  HostingTally,
  HostTally,
  MetricName,
  Metrics,
  Tallies,
} from './computeMetrics.ts'
export {
  computeMetrics,
  GENERATION_METRIC_NAMES,
  HOSTING_METRIC_NAMES,
  METRIC_NAMES,
} from './computeMetrics.ts'
export { checkHardware } from './cost/checkHardware.ts'
export { checkWorkload } from './cost/checkWorkload.ts'
export { decodeStepCost } from './cost/decodeStepCost.ts'
export { describeDecoder } from './cost/describeDecoder.ts'
export { generationCost } from './cost/generationCost.ts'
export { H100_SXM, RTX_4090 } from './cost/hardwareProfiles.ts'
export type { NamedDecoder } from './cost/llamaLikeDecoders.ts'
export { LLAMA_LIKE_DECODERS } from './cost/llamaLikeDecoders.ts'
export type { DecoderMeasurement } from './cost/measuredDecoderCosts.ts'
export { measuredDecoderCosts } from './cost/measuredDecoderCosts.ts'
export type { ModeledOptions } from './cost/modeledDecoderCosts.ts'
export { modeledDecoderCosts } from './cost/modeledDecoderCosts.ts'
export { prefillCost } from './cost/prefillCost.ts'
export type { CpuMeasurement } from './cost/thisMachineCpu.ts'
export { CPU_VM_PRICE_PER_SECOND, thisMachineCpu } from './cost/thisMachineCpu.ts'
export type {
  DecoderArithmetic,
  DecoderCostRow,
  DecoderParams,
  DecoderShape,
  DecoderSize,
  GenerationCost,
  GenerationWorkload,
  HardwareCostProfile,
  PhaseCost,
  RooflineBound,
  VerificationOverhead,
  VerificationPlan,
} from './cost/types.ts'
export { verificationCost } from './cost/verificationCost.ts'
export { verificationOverheadPerToken } from './cost/verificationOverheadPerToken.ts'
export { countCheckpoints } from './countCheckpoints.ts'
export type { Generation, PhasePrice } from './createGeneration.ts'
export { createGeneration } from './createGeneration.ts'
export type { InferenceCache } from './createInferenceCache.ts'
export { createInferenceCache } from './createInferenceCache.ts'
export type { JobLifecycle } from './createJobLifecycle.ts'
export { createJobLifecycle } from './createJobLifecycle.ts'
export type { Counts, GasByCall, MissReason, Recorder } from './createRecorder.ts'
export { createRecorder } from './createRecorder.ts'
export type { ModeContext, RunContext, SubmitOptions } from './createRunContext.ts'
export { CHAIN_EPOCH, createRunContext, MAX_CALLS_PER_BLOCK, PRIORITY } from './createRunContext.ts'
export { MAX_STRATEGY_ROWS, type StrategyRow } from './createStrategies.ts'
export type { WeightedPicker } from './createWeightedPicker.ts'
export { createWeightedPicker } from './createWeightedPicker.ts'
export { bassAdopters } from './demand/bassAdopters.ts'
export { checkSegments } from './demand/checkSegments.ts'
export { chooseProvider } from './demand/chooseProvider.ts'
export { createExperience } from './demand/createExperience.ts'
export { decayExperience } from './demand/decayExperience.ts'
export { decideConversion } from './demand/decideConversion.ts'
export { DEFAULT_SEGMENTS, EXPERIMENTAL_SEGMENT, PRODUCTION_SEGMENT } from './demand/defaultSegments.ts'
export { drawBassArrivals } from './demand/drawBassArrivals.ts'
export { expectedTerms } from './demand/expectedTerms.ts'
export { logitShares } from './demand/logitShares.ts'
export { observe } from './demand/observe.ts'
export { productionShare } from './demand/productionShare.ts'
export { providerUtility } from './demand/providerUtility.ts'
export { publicSignal } from './demand/publicSignal.ts'
export { retainedVolume } from './demand/retainedVolume.ts'
export { revenueOverEmissions } from './demand/revenueOverEmissions.ts'
export type {
  BassParams,
  ConversionDecision,
  ConversionReason,
  ConversionRule,
  ExpectedTerms,
  Experience,
  ExperienceOptions,
  ExperiencePrior,
  Observation,
  Offer,
  PublicEvents,
  Segment,
  SignalReading,
  TrialExperience,
  UtilityTerms,
  UtilityWeights,
} from './demand/types.ts'
export { calibrateNull } from './detection/calibrateNull.ts'
export type { ChunkEvidence } from './detection/observeChunk.ts'
export { observeChunk } from './detection/observeChunk.ts'
export { startSequentialTest } from './detection/startSequentialTest.ts'
export type {
  HonestNull,
  SequentialState,
  SequentialTestOptions,
  SequentialVerdict,
} from './detection/types.ts'
export { drawFee } from './drawFee.ts'
export type { EventQueue, QueuedEvent } from './eventQueue.ts'
export { compareEvents, createEventQueue } from './eventQueue.ts'
export { findEvent } from './findEvent.ts'
export { hardwareKey } from './hardwareKey.ts'
export { hasCheaters } from './hasCheaters.ts'
export type { Hosting } from './hosting/createHosting.ts'
export { createHosting } from './hosting/createHosting.ts'
export type { ColdLoad, Residency, ResidencyOptions } from './hosting/createResidency.ts'
export { createResidency } from './hosting/createResidency.ts'
export type { PlacementOptions, ProfitOutlook } from './hosting/placeModels.ts'
export { placeModels } from './hosting/placeModels.ts'
export type { HostedModel, NodeRole } from './hosting/types.ts'
export { zipfShares } from './hosting/zipfShares.ts'
export { isGeneratingModel } from './isGeneratingModel.ts'
export type { Histogram } from './latencyHistogram.ts'
export { LATENCY_EDGES, latencyHistogram } from './latencyHistogram.ts'
export type { Market } from './market/createMarket.ts'
export { createMarket } from './market/createMarket.ts'
export type { InspectableMarketBook, MarketBookSize } from './market/createMarketBook.ts'
export { createMarketBook } from './market/createMarketBook.ts'
export { productionSegments } from './market/productionSegments.ts'
export type {
  Incident,
  IncidentKind,
  MarketBook,
  MarketMetricName,
  MarketMetrics,
  PeriodRow,
  SegmentPeriod,
  SupplySample,
} from './market/types.ts'
export { MARKET_METRIC_NAMES, NETWORK } from './market/types.ts'
export { middleOrder } from './middleOrder.ts'
export { middleTokenCount } from './middleTokenCount.ts'
export type { AttestationWork } from './modes/attestationSeconds.ts'
export {
  attestationSeconds,
  CALLDATA_GAS_PER_BYTE,
  DEEPPROVE_POINTS,
  DETERMINISTIC_KERNEL_OVERHEAD,
  NANOZK_GPT2_PROOF_BYTES,
  ZK_POWER_LAW_A,
  ZK_POWER_LAW_B,
  ZKLLM_13B_PROOF_BYTES,
} from './modes/attestationSeconds.ts'
export type { ChallengeQueue, Finding } from './modes/createChallengeQueue.ts'
export { createChallengeQueue } from './modes/createChallengeQueue.ts'
export type { HostTests } from './modes/createHostTests.ts'
export { createHostTests } from './modes/createHostTests.ts'
export { createMode } from './modes/createMode.ts'
export { majorityOf } from './modes/majorityOf.ts'
export type { Crossover, OverheadCurveInput, OverheadCurves } from './modes/overheadCurves.ts'
export { overheadCurves } from './modes/overheadCurves.ts'
export type { ModeHandler } from './modes/types.ts'
export { moveReplica } from './moveReplica.ts'
export { outputsAgree } from './outputsAgree.ts'
export { penaltyOf } from './penaltyOf.ts'
export { percentile } from './percentile.ts'
export type * from './ports.ts'
export { DEFAULT_GENERATION_TOLERANCE, REFERENCE_HARDWARE } from './ports.ts'
export type { Rng, RngStreams } from './rngStreams.ts'
export { bernoulli, createRngStreams, exponential, uint32 } from './rngStreams.ts'
export type { Task } from './runEventLoop.ts'
export { runEventLoop } from './runEventLoop.ts'
export { runKey } from './runKey.ts'
export type { RunProgress, RunResult, SimIO } from './runSimulation.ts'
export { runSimulation } from './runSimulation.ts'
export type {
  CatalogModel,
  CatalogSpec,
  CentralizedProvider,
  DemandSpec,
  DetectionSpec,
  EmissionSchedule,
  ExactReExecution,
  FeeDraw,
  HostEntry,
  HostUptime,
  ModeledAttestation,
  ModeName,
  NetworkOffer,
  RunSpec,
  SettlementSpec,
  SlashRule,
  TeeAttestation,
  TokenCount,
  ToleranceAuto,
  WorkloadSpec,
  ZkAttestation,
  ZkProving,
} from './runSpec.ts'
export type {
  Batch,
  HostBehaviour,
  HostState,
  Job,
  Outcome,
  Placement,
  Replica,
  ReplicaStage,
  ReplicaState,
  VerifierBehaviour,
  VerifierState,
} from './runState.ts'
export { isBad, isFinal, otherDigest, placementOf, uncontest } from './runState.ts'
export { actionProbability } from './strategy/actionProbability.ts'
export { chooseAction } from './strategy/chooseAction.ts'
export { createLearner } from './strategy/createLearner.ts'
export { type Equilibrium, equilibriumOf, type JobCosts } from './strategy/equilibriumOf.ts'
export { inspectionGame } from './strategy/inspectionGame.ts'
export type {
  Action,
  HedgeLearner,
  HedgeRule,
  InspectionGame,
  InspectionTerms,
  Learner,
  LearnerRule,
  LogitLearner,
  LogitRule,
  PayoffTable,
  RegretLearner,
  RegretRule,
} from './strategy/types.ts'
export { updateLearner } from './strategy/updateLearner.ts'
export { summarizeFeeDraw } from './summarizeFeeDraw.ts'
export type { ValueClassSide, ValueClassTally } from './tallyValueClass.ts'
export type { TraceEvent } from './traceEvent.ts'
export type { Unavailable } from './unavailableMetrics.ts'
export { unavailableMetrics } from './unavailableMetrics.ts'
export { fromUnits, toUnits } from './units.ts'
export type { VirtualClock } from './virtualClock.ts'
export { createVirtualClock } from './virtualClock.ts'
