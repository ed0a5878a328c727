import {
  createInferencePool,
  type DecoderSpec,
  type GenerationRequest,
  promptFromSeed,
} from '../engine/index.ts'
import { type DecoderModelSpec, type GenerationOrder, REFERENCE_HARDWARE } from '../sim/index.ts'
import { alternate, type BenchResult, type Clock } from './measure.ts'
import { startThreads } from './startThreads.ts'

export const DECODER: DecoderSpec = {
  vocab: 256,
  width: 64,
  heads: 4,
  blocks: 2,
  context: 160,
  ffMult: 4,
  seed: 1,
}
const PROMPT = 32
const OUTPUT = 96
/** As the inference-pool benchmark: 15 short pairs steady a shared machine's median. */
const PAIRS = 15

/** The benchmark's decoder as a scenario's model, with cheats it never runs. */
export const DECODER_MODEL: DecoderModelSpec = {
  kind: 'decoder',
  ...DECODER,
  cheats: {
    skipBlocks: 1,
    substitute: { width: 32, heads: 2, blocks: 1 },
    truncateKeep: 8,
    biasTokens: [32],
    bias: 2,
  },
}

/**
 * Generated tokens per second through the pool with N workers, on the path simulations take
 * (`infer` with a generation order: each generation one task, the prompt expanded from the job's
 * seed, the prefill, every decode step and the KV cache in the worker; chunk digests and FLOPs
 * come back)
 * against N threads each running a bare greedy generation loop on the same decoder, thread
 * settings and prompts over its share of the generations. The median of PAIRS paired trials,
 * both sides warm.
 */
export async function benchGeneration(clock: Clock, workers = 2, generations = 16): Promise<BenchResult> {
  // The bare loop gets the very prompts the pool expands from each job's seed.
  const requests: GenerationRequest[] = Array.from({ length: generations }, (_, g) => ({
    prompt: promptFromSeed(g, PROMPT, DECODER.vocab),
    outputTokens: OUTPUT,
    sampling: { kind: 'greedy' },
  }))
  const chunks = Math.ceil(OUTPUT / 32)
  const partial: Omit<GenerationOrder, 'checkpoints'> = {
    promptTokens: PROMPT,
    outputTokens: OUTPUT,
    sampling: { kind: 'greedy' },
    chunkSize: 32,
    topK: 4,
  }
  const bare = await startBareThreads(workers, requests)
  const pool = createInferencePool({ workers, tolerance: 0 })
  try {
    const { id, decoder } = await pool.load(DECODER_MODEL)
    // A digest per chunk and block: the checkpoints a run registers for this decoder.
    const order: GenerationOrder = { ...partial, checkpoints: chunks * (decoder?.checkpointBlocks ?? 1) }
    const viaPool = async () => {
      await Promise.all(
        requests.map((_, g) =>
          pool.infer({
            modelId: id,
            inputSeed: g,
            variant: 'honest',
            hardware: REFERENCE_HARDWARE,
            generation: order,
            output: false,
          }),
        ),
      )
    }
    const tokens = generations * OUTPUT
    const { measured, baseline, ratio } = await alternate(clock, tokens, PAIRS, viaPool, () => bare.run())
    return {
      name: `generation through the pool (decoder width ${DECODER.width}, ${DECODER.blocks} blocks, ${PROMPT}+${OUTPUT} tokens, ${workers} workers)`,
      ratio,
      goal: '>= 0.9',
      met: ratio >= 0.9,
      measured: { tokens_per_second: measured.perSecond },
      baseline: { tokens_per_second: baseline.perSecond },
    }
  } finally {
    await pool.close()
    await bare.stop()
  }
}

/** N threads, each with the decoder open and its share of the generations to run on a signal. */
function startBareThreads(threads: number, requests: GenerationRequest[]) {
  return startThreads(
    './bareGenerationEntry.cjs',
    Array.from({ length: threads }, (_, i) => ({
      spec: DECODER,
      requests: requests.filter((_, g) => g % threads === i),
    })),
  )
}
