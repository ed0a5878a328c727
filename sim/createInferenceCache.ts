import type { InferencePort, InferenceRequest, InferenceResult } from './ports.ts'

export type InferenceCache = {
  /** `port.infer`, except that a request equal to one of the last `capacity` gets its result. */
  infer(request: InferenceRequest): Promise<InferenceResult>
  /** Requests answered from the cache so far. */
  readonly hits: number
}

/**
 * Inference is deterministic: the same model, variant, hardware profile and input give the same
 * bits. So when replicas of a job or a host's twin run the same thing, it runs once. Results stay
 * for the last `capacity` distinct requests only (least recently used leaves first), which
 * replicas of one job, requested together, fall well within; 0 runs every request. The run's
 * requests come in the event loop's order, so hits are the same at any worker count.
 */
export function createInferenceCache(port: InferencePort, capacity: number): InferenceCache {
  const kept = new Map<string, Promise<InferenceResult>>()
  let hits = 0
  return {
    infer(request) {
      if (capacity === 0) return port.infer(request)
      const key = keyOf(request)
      const known = kept.get(key)
      if (known) {
        hits++
        // A Map iterates in insertion order: moving the entry to the end keeps the oldest first.
        kept.delete(key)
        kept.set(key, known)
        return known
      }
      const result = port.infer(request)
      kept.set(key, result)
      // A failed run is not a result: the next equal request runs again and reports its own error.
      result.catch(() => {
        if (kept.get(key) === result) kept.delete(key)
      })
      if (kept.size > capacity) kept.delete(kept.keys().next().value as string)
      return result
    },
    get hits() {
      return hits
    },
  }
}

/** Only the noise cheat reads the salt: for every other variant, hosts' runs are the same run. */
function keyOf({
  modelId,
  variant,
  hardware,
  salt,
  inputSeed,
  checkpoints = true,
}: InferenceRequest): string {
  const { threads, optimization, fp16Weights } = hardware
  const noise = variant === 'noise' ? ` ${salt}` : ''
  return `${modelId} ${variant}${noise} ${threads} ${optimization} ${fp16Weights} ${inputSeed} ${checkpoints}`
}
