import type { HardwareProfile, InferencePort, InferenceRequest, InferenceResult } from '../../sim/index.ts'
import type { DecoderSpec, DecoderVariant } from '../build/decoderTypes.ts'
import type { Generation, GenerationCheat, GenerationRequest } from '../run/generationTypes.ts'
import type { GenerationTolerance, GenerationVerdict } from '../run/verifyGeneration.ts'

/** One generation run in a worker: the decoder, what runs it, and what to generate. */
export type GenerationJob = {
  decoder: DecoderSpec
  /** Honest unless given: a lazy host's cheaper model. */
  variant?: DecoderVariant
  hardware?: HardwareProfile
  request: GenerationRequest
  cheat?: GenerationCheat
}

/** A claimed generation checked by one prefill in a worker, on the honest decoder. */
export type GenerationCheck = {
  decoder: DecoderSpec
  hardware?: HardwareProfile
  request: GenerationRequest
  claimed: Generation
  tolerance?: GenerationTolerance
}

/**
 * The inference port (which serves decoder models' generation jobs from their seeds and
 * orders), plus generation of an explicit request with an explicit decoder spec, variant and
 * cheat: what engine-level measurements and tests call without registering a model.
 */
export type InferencePool = InferencePort & {
  /** Always present on the pool: every built-in forward model has a batched graph. */
  inferBatch(requests: readonly InferenceRequest[]): Promise<InferenceResult[]>
  generate(job: GenerationJob): Promise<Generation>
  verifyGeneration(check: GenerationCheck): Promise<GenerationVerdict>
}
