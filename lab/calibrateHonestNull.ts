import { InputError } from '../errors/index.ts'
import {
  calibrateNull,
  countCheckpoints,
  type HardwareProfile,
  type HonestNull,
  type InferencePort,
  middleOrder,
  type RunSpec,
} from '../sim/index.ts'
import { nameHardwareProfile } from './nameHardwareProfile.ts'

/** Calibration jobs per honest profile: many short jobs, since chunks of one job are correlated. */
export const CALIBRATION_JOBS = 8

/**
 * Calibration jobs have fixed seeds, so a scenario's null is the same whatever its run seed. One
 * may equal a run job's seed (a uint32 draw); that only means both saw the same prompt.
 */
const CALIBRATION_SEED_BASE = 0xca11b000

/**
 * A profile that differs from any reference in its kernels only: a verifier cannot know every
 * honest host's hardware, so the null always covers ordinary floating-point reassociation even
 * when a scenario's honest hosts all share the verifier's profile (their distances would be all
 * zero, with no spread to standardize by).
 */
const KERNEL_VARIANT: HardwareProfile = { threads: 2, optimization: 'basic', fp16Weights: false }

/**
 * The honest null of protocol.detection's sequential test, measured on the run's real model
 * before the run: every honest hardware profile of the scenario (and a kernel variant) generates
 * CALIBRATION_JOBS jobs of the workload's median lengths, the verifiers' hardware checks each by
 * one prefill, and sim/detection's calibrateNull takes the worst profile's chunk distances.
 */
export async function calibrateHonestNull(inference: InferencePort, spec: RunSpec): Promise<HonestNull> {
  const { workload } = spec
  if (!workload) throw new InputError('protocol.detection needs a decoder model with a workload')
  const model = await inference.load(spec.model)
  const generation = middleOrder(workload, countCheckpoints(workload, model.decoder?.checkpointBlocks ?? 1))
  const profiles = new Map<string, HardwareProfile>()
  for (const { profile } of [...spec.hosts.hardware, { profile: KERNEL_VARIANT }])
    profiles.set(nameHardwareProfile(profile), profile)
  const honestChunks: Record<string, number[]> = {}
  for (const [name, hardware] of profiles) {
    const distances: number[] = []
    for (let job = 0; job < CALIBRATION_JOBS; job++) {
      const checked = await inference.compare({
        modelId: model.id,
        inputSeed: CALIBRATION_SEED_BASE + job,
        claimed: { variant: 'honest', hardware },
        reference: { variant: 'honest', hardware: spec.verifiers.hardware },
        generation,
      })
      for (const chunk of checked.chunks ?? []) distances.push(chunk.meanValueDistance)
    }
    honestChunks[name] = distances
  }
  return calibrateNull(honestChunks)
}
