import {
  buildDecoder,
  createInferencePool,
  type DecoderSpec,
  type GenerationRequest,
} from '../engine/index.ts'
import type { BenchResult } from './measure.ts'
import { memoryVerdict } from './memoryVerdict.ts'

const PROMPT = 16
const OUTPUT = 512
/**
 * Width 128 and 4 blocks, not the generation benchmark's 64 and 2: each decode step returns a
 * fresh cache one token longer and drops the last, and the collector lets some of that garbage
 * pile up before it runs: 7–39 MiB over the baseline at both sizes measured here. At width 64
 * and 2 blocks 64 whole caches are only 33 MiB (0.52 MiB each), so kept caches and late-collected
 * garbage looked alike (ratio 0.21 and 1.08 in two runs with every cache freed); at this size 64
 * caches are 132 MiB (2.06 MiB each), several times the garbage.
 */
export const MEMORY_DECODER: DecoderSpec = {
  vocab: 256,
  width: 128,
  heads: 4,
  blocks: 4,
  context: PROMPT + OUTPUT,
  ffMult: 4,
  seed: 1,
}
/** Every cache kept would add one per generation; freed, one per worker lives at a time. */
const GOAL = 0.5
/** Often enough to catch a batch's peak: a batch takes seconds, one cache grows over hundreds of steps. */
const SAMPLE_MS = 5

/**
 * Peak memory of `generations` concurrent generations of OUTPUT tokens through a pool of
 * `workers` threads, all submitted at once, against the same process before them (decoder open
 * in each worker, a generation done). Worker threads share the process, so its resident memory
 * covers every worker's caches. The batch runs twice: the second must not add the first's caches.
 */
export async function benchGenerationMemory(
  workers = 2,
  generations = 64,
  decoder: DecoderSpec = MEMORY_DECODER,
): Promise<BenchResult> {
  const request = (g: number): GenerationRequest => ({
    prompt: Array.from({ length: PROMPT }, (_, t) => (t * 31 + g * 7) % decoder.vocab),
    outputTokens: OUTPUT,
    sampling: { kind: 'greedy' },
  })
  const cacheBytes = buildDecoder(decoder).cacheFloatsPerToken * 4 * (PROMPT + OUTPUT)
  const pool = createInferencePool({ workers, tolerance: 0 })
  const batch = (count: number) => async () => {
    await Promise.all(
      Array.from({ length: count }, (_, g) => pool.generate({ decoder, request: request(g) })),
    )
  }
  try {
    // Two per worker: the pool hands concurrent tasks to idle workers, so each opens the decoder.
    await batch(2 * workers)()
    const baseline = process.memoryUsage.rss()
    const first = await peakDuring(batch(generations))
    const afterFirst = process.memoryUsage.rss()
    const second = await peakDuring(batch(generations))
    const afterSecond = process.memoryUsage.rss()
    const verdict = memoryVerdict(
      {
        baseline,
        peaks: [first, second],
        afters: [afterFirst, afterSecond],
        maxRss: process.resourceUsage().maxRSS * 1024,
        cacheBytes,
        generations,
      },
      GOAL,
    )
    return {
      name: `generation memory (${generations} concurrent generations of ${PROMPT}+${OUTPUT} tokens, decoder width ${decoder.width}, ${decoder.blocks} blocks, ${workers} workers)`,
      ...verdict,
      note: `process RSS sampled every ${SAMPLE_MS} ms with the kernel's maxRSS; ${workers} live caches would be ${((workers * cacheBytes) / 2 ** 20).toFixed(1)} MiB`,
    }
  } finally {
    await pool.close()
  }
}

/**
 * The largest resident memory while `work` runs: sampled, and the kernel's high-water mark when
 * it rose during the work (then it was reached during the work, between two samples perhaps).
 */
async function peakDuring(work: () => Promise<void>): Promise<number> {
  const before = process.resourceUsage().maxRSS
  let peak = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, SAMPLE_MS)
  try {
    await work()
  } finally {
    clearInterval(sampler)
  }
  const after = process.resourceUsage().maxRSS
  return Math.max(peak, process.memoryUsage.rss(), after > before ? after * 1024 : 0)
}
