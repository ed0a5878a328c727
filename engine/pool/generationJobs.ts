import type { HardwareProfile, InferencePort } from '../../sim/index.ts'
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
 * The inference port, plus generation with decoder-only models (issue 15): these are not in
 * sim's port yet, so they sit beside it here until the simulator calls them.
 */
export type InferencePool = InferencePort & {
  generate(job: GenerationJob): Promise<Generation>
  verifyGeneration(check: GenerationCheck): Promise<GenerationVerdict>
}
