import { InferenceSession } from 'onnxruntime-node'

/**
 * One session per model and worker, single-threaded: parallelism comes from the worker pool, and a
 * fixed thread count keeps each kernel's reduction order, hence its bits, the same on every run.
 */
export function openSession(bytes: Uint8Array): Promise<InferenceSession> {
  return InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // Warnings (e.g. initializers listed as inputs) are not the user's problem at run time.
    logSeverityLevel: 3,
  })
}
