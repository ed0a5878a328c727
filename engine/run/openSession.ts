import { InferenceSession } from 'onnxruntime-node'
import type { HardwareProfile } from '../../sim/index.ts'

/**
 * A session configured as one host's hardware: its intra-op thread count and graph optimization
 * level (fp16 weights are applied to the model before, see roundWeightsToFloat16). Inter-op
 * parallelism stays off: it would let kernels finish in any order without changing a single bit,
 * so it adds nothing but noise to timings.
 */
export function openSession(bytes: Uint8Array, hardware: HardwareProfile): Promise<InferenceSession> {
  return InferenceSession.create(bytes, {
    intraOpNumThreads: hardware.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: hardware.optimization,
    // Idle intra-op threads would otherwise spin and steal the core another worker is using.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
    // Warnings (e.g. initializers listed as inputs) are not the user's problem at run time.
    logSeverityLevel: 3,
  })
}
