import {
  buildBatchedDecoder,
  buildDecoder,
  compareDigests,
  type DecoderSpec,
  type GenerationRequest,
  generate,
  generateBatch,
  MASKED_LOGIT,
  openBatchedDecoder,
  openDecoder,
  promptFromSeed,
  verifyGeneration,
} from '../engine/index.ts'
import { InputError } from '../errors/index.ts'
import { type HardwareProfile, REFERENCE_HARDWARE } from '../sim/index.ts'

/** How far each sequence of a decoder batch of `size` sits from the same generation alone. */
export type DecoderBatchGap = {
  size: number
  sequences: number
  /** The batched prefill (left-padded) against each prompt's prefill alone, at real positions. */
  prefill: { maxLogitGap: number; maxHiddenGap: number; sequencesDiffering: number }
  /** Sequences whose generated tokens differ anywhere from the same job generated alone. */
  sequencesWithOtherTokens: number
  /** Chunk digests (last block) whose hash differs from the lone generation's, of `chunks`. */
  chunksDiffering: number
  chunks: number
  /** Largest |Δ| between a chunk's digest values in the batch and alone (shared top-k indices). */
  maxDigestValueGap: number
  /** Sequences whose generation differs in any chunk hash from the same job in a batch of one. */
  sequencesDifferingFromBatchOfOne: number
  /** Sequences the one-prefill verifier (alone, default tolerance) passes. */
  sequencesPassing: number
}

export type DecoderBatchSpread = { hardware: HardwareProfile; gaps: DecoderBatchGap[] }

/** The batch sizes measured for decoders (issue 19's brief: 1, 2, 4, 8). */
export const DECODER_BATCH_SIZES = [1, 2, 4, 8] as const

/** Seeds of the measured jobs: apart from the simulations' request seeds. */
const SPREAD_SEED_BASE = 0x6a7c5000

/**
 * Batch-dependent numerics of decoders, measured on real onnxruntime (issue 19): per batch size,
 * that many jobs of different prompt and output lengths run as ONE batched generation
 * (generateBatch: left-padded prefill, batched decode steps, per-sequence caches), and each is
 * compared with the same job generated alone (generate) on the same hardware profile, as a
 * verifier re-running alone sees it: the prefill's logits and hidden states, the tokens, the
 * chunk digests, and whether the one-prefill check passes. Zero gaps are measurements too.
 */
export async function measureDecoderBatchSpread(
  spec: DecoderSpec,
  options: {
    hardware?: HardwareProfile
    sizes?: readonly number[]
    prompt?: [number, number]
    output?: [number, number]
  } = {},
): Promise<DecoderBatchSpread> {
  const hardware = options.hardware ?? REFERENCE_HARDWARE
  const sizes = options.sizes ?? DECODER_BATCH_SIZES
  for (const size of sizes) {
    if (!(Number.isSafeInteger(size) && size >= 1))
      throw new InputError(`batch sizes must be whole numbers ≥ 1, got ${size}`)
  }
  const [minPrompt, maxPrompt] = options.prompt ?? [4, Math.min(40, spec.context / 4)]
  const [minOutput, maxOutput] = options.output ?? [16, Math.min(48, spec.context / 2)]
  const requestOf = (i: number): GenerationRequest => {
    const seed = SPREAD_SEED_BASE + i
    // Lengths spread over their ranges by index, so every batch of 2 or more pads.
    const promptTokens = minPrompt + ((i * 7) % (maxPrompt - minPrompt + 1))
    const outputTokens = minOutput + ((i * 11) % (maxOutput - minOutput + 1))
    return {
      prompt: promptFromSeed(seed, promptTokens, spec.vocab),
      outputTokens,
      sampling: { kind: 'sample', temperature: 1, seed },
      chunkSize: 16,
    }
  }
  const built = buildDecoder(spec)
  const alone = await openDecoder(built, hardware)
  const batched = await openBatchedDecoder(built, buildBatchedDecoder(spec), hardware)
  try {
    const gaps: DecoderBatchGap[] = []
    for (const size of sizes) {
      const requests = Array.from({ length: size }, (_, i) => requestOf(i))
      const generations = await generateBatch(
        batched,
        requests.map((request) => ({ request })),
      )
      const gap: DecoderBatchGap = {
        size,
        sequences: size,
        prefill: await prefillGap(requests),
        sequencesWithOtherTokens: 0,
        chunksDiffering: 0,
        chunks: 0,
        maxDigestValueGap: 0,
        sequencesDifferingFromBatchOfOne: 0,
        sequencesPassing: 0,
      }
      for (const [i, request] of requests.entries()) {
        const mine = generations[i]
        if (!mine) continue
        const own = await generate(alone, request)
        if (mine.tokens.some((token, j) => token !== own.tokens[j])) gap.sequencesWithOtherTokens++
        for (const [c, chunk] of mine.chunks.entries()) {
          const theirs = own.chunks[c] ?? null
          gap.chunks++
          if (chunk.hash !== theirs?.hash) gap.chunksDiffering++
          const distance = compareDigests(chunk, theirs, request.topK ?? 4).maxValueDistance
          gap.maxDigestValueGap = Math.max(gap.maxDigestValueGap, distance)
        }
        const [single] = await generateBatch(batched, [{ request }])
        if (single?.chunks.some((chunk, c) => chunk.hash !== mine.chunks[c]?.hash))
          gap.sequencesDifferingFromBatchOfOne++
        if ((await verifyGeneration(alone, request, mine)).passed) gap.sequencesPassing++
      }
      gaps.push(gap)
    }
    return { hardware, gaps }
  } finally {
    await Promise.all([alone.release(), batched.release()])
  }

  /** The left-padded batched prefill against each prompt's own, over real positions. */
  async function prefillGap(requests: GenerationRequest[]): Promise<DecoderBatchGap['prefill']> {
    const longest = Math.max(...requests.map((r) => r.prompt.length))
    const tokens: number[] = []
    const positions: number[] = []
    const mask = new Float32Array(requests.length * longest)
    for (const [s, { prompt }] of requests.entries()) {
      const pad = longest - prompt.length
      for (let c = 0; c < longest; c++) {
        tokens.push(c < pad ? 0 : (prompt[c - pad] as number))
        positions.push(c < pad ? 0 : c - pad)
        if (c < pad) mask[s * longest + c] = MASKED_LOGIT
      }
    }
    const pass = await batched.prefill(tokens, positions, mask, requests.length)
    const result = { maxLogitGap: 0, maxHiddenGap: 0, sequencesDiffering: 0 }
    const { vocab, width } = spec
    for (const [s, { prompt }] of requests.entries()) {
      const own = await alone.prefill(prompt)
      const pad = longest - prompt.length
      let differs = false
      const compare = (mine: Float32Array, theirs: Float32Array, row: number) => {
        let worst = 0
        const start = (s * longest + pad) * row
        for (let k = 0; k < theirs.length; k++) {
          const a = theirs[k] as number
          const b = mine[start + k] as number
          worst = Math.max(worst, Math.abs(a - b))
          if (!Object.is(a, b)) differs = true
        }
        return worst
      }
      result.maxLogitGap = Math.max(result.maxLogitGap, compare(pass.logits, own.logits, vocab))
      result.maxHiddenGap = Math.max(result.maxHiddenGap, compare(pass.hidden, own.hidden, width))
      if (differs) result.sequencesDiffering++
    }
    return result
  }
}
