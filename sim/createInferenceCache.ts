import type { InferencePort, InferenceRequest, InferenceResult } from './ports.ts'
import { runKey } from './runKey.ts'

export type InferenceCache = {
  /** `port.infer`, except that a request equal to a recent one gets that one's result. */
  infer(request: InferenceRequest): Promise<InferenceResult>
  /** `port.inferBatch`, never cached: a batch's bits depend on its whole composition. */
  inferBatch?: InferencePort['inferBatch']
  /** Requests answered from the cache so far. */
  readonly hits: number
}

/** Output bytes the cache may hold, whatever `capacity` says: a large model's outputs add up. */
export const CACHE_BYTES = 64 * 2 ** 20

type Entry = { result: Promise<InferenceResult>; bytes: number }

/**
 * Inference is deterministic: the same model, variant, hardware profile and input give the same
 * bits. So when replicas of a job run the same thing, it runs once. Results stay for the last
 * `capacity` distinct requests and at most `maxBytes` of outputs (least recently used leave
 * first); replicas of one job are requested together, so a few hundred catch them all. 0 runs
 * every request. A run's requests come in the event loop's order, so hits are the same at any
 * worker count.
 */
export function createInferenceCache(
  port: InferencePort,
  capacity: number,
  maxBytes = CACHE_BYTES,
): InferenceCache {
  const kept = new Map<string, Entry>()
  let bytes = 0
  let hits = 0
  const drop = (key: string) => {
    bytes -= kept.get(key)?.bytes ?? 0
    kept.delete(key)
  }
  // A Map iterates in insertion order, so its first key is the least recently used.
  const trim = () => {
    while (kept.size > capacity || (bytes > maxBytes && kept.size > 1))
      drop(kept.keys().next().value as string)
  }
  const batches = port.inferBatch?.bind(port)
  return {
    ...(batches ? { inferBatch: batches } : {}),
    infer(request) {
      if (capacity === 0) return port.infer(request)
      const key = keyOf(request)
      const known = kept.get(key)
      if (known) {
        hits++
        kept.delete(key)
        kept.set(key, known)
        return known.result
      }
      const entry: Entry = { result: port.infer(request), bytes: 0 }
      kept.set(key, entry)
      entry.result.then(
        (r) => {
          if (kept.get(key) !== entry) return
          entry.bytes = r.output.byteLength
          bytes += entry.bytes
          trim()
        },
        // A failed run is not a result: the next equal request runs again and reports its own error.
        () => {
          if (kept.get(key) === entry) drop(key)
        },
      )
      trim()
      return entry.result
    },
    get hits() {
      return hits
    },
  }
}

function keyOf(request: InferenceRequest): string {
  const { modelId, inputSeed, checkpoints = true, output = true, generation } = request
  const key = `${modelId} ${runKey(request)} ${inputSeed} ${checkpoints} ${output}`
  // A generation's result depends on its whole order (token counts, sampling, chunks) too.
  return generation ? `${key} ${JSON.stringify(generation)}` : key
}
