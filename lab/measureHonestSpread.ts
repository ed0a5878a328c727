import {
  decoderSpecOf,
  type GenerationRequest,
  generate,
  measureGenerationSpread,
  requestFromOrder,
  withDecoder,
} from '../engine/index.ts'
import { InputError } from '../errors/index.ts'
import {
  type HardwareProfile,
  type HonestNull,
  type InferencePort,
  middleOrder,
  type RunSpec,
} from '../sim/index.ts'
import { calibrateHonestNull } from './calibrateHonestNull.ts'
import { nameHardwareProfile } from './nameHardwareProfile.ts'

/** One honest hardware profile's distance from the verifier's prefill, over every job measured. */
export type ProfileSpread = {
  /** `threadsN/optimization[/fp16]`, as the null names its worst profile. */
  profile: string
  hardware: HardwareProfile
  chunks: number
  /** Mean over chunks of the chunk's mean |Δ| on the top-k hidden values: what the test scores. */
  meanValueDistance: number
  /** Largest single |Δ| of any chunk. */
  maxValueDistance: number
  /** Chunks the one-chunk check (default tolerance) failed. */
  failedChunks: number
  tokens: number
  /** Tokens the verifier's prefill (and, sampled, the reproduced draw) does not re-derive. */
  tokenMismatches: number
  /**
   * Tokens that differ, position by position, from the verifier's own generation of the same
   * job: a free-running divergence (the rest of a job drifts after the first), which the check
   * does not punish, since it re-derives each token from the claimed prefix.
   */
  tokensDiffering: number
}

export type HonestSpread = {
  /** The sequential test's null, exactly as a run of this spec calibrates it. */
  honestNull: HonestNull
  verifier: HardwareProfile
  jobs: number
  profiles: ProfileSpread[]
}

/** Seeds of the measured jobs: apart from calibrateHonestNull's, so the spread is out of sample. */
const SPREAD_SEED_BASE = 0x5b7ead00

/**
 * The honest spread of a built-in decoder run (issue 15: "measured, per model, and reported"):
 * the null its sequential test calibrates, and, per honest hardware profile of the spec, how far
 * `jobs` generations of the workload's lengths sit from the verifiers' one-prefill recomputation,
 * on hidden states and on tokens.
 */
export async function measureHonestSpread(
  inference: InferencePort,
  spec: RunSpec,
  options: { jobs?: number } = {},
): Promise<HonestSpread> {
  const { model, workload } = spec
  if (model.kind !== 'decoder' || !workload)
    throw new InputError(`the honest spread is measured on a built-in decoder; this model is ${model.kind}`, {
      hint: 'use a scenario with model: { builtin: decoder }',
    })
  const jobs = options.jobs ?? 16
  if (!(Number.isSafeInteger(jobs) && jobs >= 1))
    throw new InputError(`jobs must be a whole number ≥ 1, got ${jobs}`)
  const honestNull = await calibrateHonestNull(inference, spec)
  const order = middleOrder(workload)
  const requests: GenerationRequest[] = Array.from({ length: jobs }, (_, job) =>
    requestFromOrder(order, SPREAD_SEED_BASE + job, model.vocab),
  )
  const profiles = new Map<string, HardwareProfile>()
  for (const { profile } of spec.hosts.hardware) profiles.set(nameHardwareProfile(profile), profile)
  const decoder = decoderSpecOf(model)
  const tokensOf = (hardware: HardwareProfile) =>
    withDecoder(decoder, undefined, hardware, async (open) => {
      const tokens: number[][] = []
      for (const request of requests) tokens.push((await generate(open, request)).tokens)
      return tokens
    })
  const reference = await tokensOf(spec.verifiers.hardware)
  const differing = new Map<string, number>()
  for (const [name, hardware] of profiles) {
    const mine = await tokensOf(hardware)
    let count = 0
    mine.forEach((tokens, job) => {
      tokens.forEach((token, i) => {
        if (token !== reference[job]?.[i]) count++
      })
    })
    differing.set(name, count)
  }
  const spreads = await measureGenerationSpread(
    decoder,
    [...profiles.values()].map((hardware) => ({ hardware })),
    requests,
    spec.verifiers.hardware,
  )
  return {
    honestNull,
    verifier: spec.verifiers.hardware,
    jobs,
    profiles: spreads.map((spread) => ({
      profile: nameHardwareProfile(spread.host.hardware),
      hardware: spread.host.hardware,
      chunks: spread.chunks,
      meanValueDistance: spread.meanValueDistance,
      maxValueDistance: spread.maxValueDistance,
      failedChunks: spread.failedChunks,
      tokens: spread.tokens,
      tokenMismatches: spread.tokenMismatches,
      tokensDiffering: differing.get(nameHardwareProfile(spread.host.hardware)) ?? 0,
    })),
  }
}
