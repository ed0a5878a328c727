import { createInferencePool, type GenerationRequest, promptFromSeed } from '../engine/index.ts'
import { type GenerationOrder, type InferenceRequest, REFERENCE_HARDWARE } from '../sim/index.ts'
import { DECODER, DECODER_MODEL } from './generation.ts'
import { alternate, type BenchResult, type Clock } from './measure.ts'
import { startThreads } from './startThreads.ts'

const PROMPT = 32
const OUTPUT = 96
/** Sequences per serving batch: a small decoder's batch on a busy host. */
const BATCH = 32
/** Paired trials; few, so the benchmark stays well under three minutes on a shared machine. */
const PAIRS = 5

/**
 * Issue 19's batched decoding: generated tokens per second of the pool when a decoder host
 * batches (inferBatch: one batched prefill plus batched decode steps per BATCH generations,
 * several batches in flight, each job's chunk digests computed) against N threads each running a
 * bare greedy generation loop (one sequence at a time, no digests) on the same decoder, thread
 * settings and prompts: what batched decode gains over the best unbatched generation can do on
 * the same threads. Equal prompt and output lengths, so no padding is spent.
 */
export async function benchBatchedGeneration(
  clock: Clock,
  workers = 2,
  generations = 64,
): Promise<BenchResult> {
  const requests: GenerationRequest[] = Array.from({ length: generations }, (_, g) => ({
    prompt: promptFromSeed(g, PROMPT, DECODER.vocab),
    outputTokens: OUTPUT,
    sampling: { kind: 'greedy' },
  }))
  const bare = await startThreads(
    './bareGenerationEntry.cjs',
    Array.from({ length: workers }, (_, i) => ({
      spec: DECODER,
      requests: requests.filter((_, g) => g % workers === i),
    })),
  )
  const pool = createInferencePool({ workers, tolerance: 0 })
  try {
    const { id, decoder } = await pool.load(DECODER_MODEL)
    const order: GenerationOrder = {
      promptTokens: PROMPT,
      outputTokens: OUTPUT,
      sampling: { kind: 'greedy' },
      chunkSize: 32,
      topK: 4,
      checkpoints: Math.ceil(OUTPUT / 32) * (decoder?.checkpointBlocks ?? 1),
    }
    const all: InferenceRequest[] = requests.map((_, g) => ({
      modelId: id,
      inputSeed: g,
      variant: 'honest',
      hardware: REFERENCE_HARDWARE,
      generation: order,
      output: false,
    }))
    const viaPool = async () => {
      const batches: Promise<unknown>[] = []
      for (let i = 0; i < all.length; i += BATCH) batches.push(pool.inferBatch(all.slice(i, i + BATCH)))
      await Promise.all(batches)
    }
    const tokens = generations * OUTPUT
    const { measured, baseline, ratio } = await alternate(clock, tokens, PAIRS, viaPool, () => bare.run())
    return {
      name: `batched decoding through the pool (decoder width ${DECODER.width}, ${DECODER.blocks} blocks, ${PROMPT}+${OUTPUT} tokens, batches of ${BATCH}, ${workers} workers) ÷ unbatched bare generation`,
      ratio,
      goal: 'reported',
      met: true,
      measured: { tokens_per_second: measured.perSecond },
      baseline: { tokens_per_second: baseline.perSecond },
    }
  } finally {
    await pool.close()
    await bare.stop()
  }
}
