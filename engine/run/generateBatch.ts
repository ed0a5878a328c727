import { InputError } from '../../errors/index.ts'
import { MASKED } from '../build/decoderGraph.ts'
import { evaluateFlops } from '../build/evaluateFlops.ts'
import { checkGenerationRequest, DEFAULT_CHUNK_SIZE, DEFAULT_TOP_K } from './checkGenerationRequest.ts'
import { checkpointBlocks } from './checkpointBlocks.ts'
import { digestHidden } from './digestHidden.ts'
import type { Generation, GenerationCheat, GenerationRequest } from './generationTypes.ts'
import type { BatchedCache, BatchedPass, OpenBatchedDecoder } from './openBatchedDecoder.ts'
import { pickToken, samplingOf } from './pickToken.ts'

const INT8_MAX = 127

/** One sequence of a batch: what to generate and, for a lazy host, its change to the loop. */
export type BatchJob = { request: GenerationRequest; cheat?: GenerationCheat | undefined }

/**
 * Generates every job's tokens as ONE batch (issue 19): one batched prefill over the prompts,
 * left-padded to the longest, then one batched decode step per further token, with per-sequence
 * KV caches in one [B, heads, past, headDim] tensor per block. Padding slots are masked out of
 * attention by an additive key mask; a sequence that has all its tokens keeps stepping as
 * padding (its new slots masked, its outputs ignored) until the longest is done, so the batch's
 * shape never changes mid-run. Each job's tokens, digests and states are exactly the bits its
 * batch gave it: they may differ from a generation alone (generate) by what batching changes in
 * the kernels, which lab/measureDecoderBatchSpread measures.
 *
 * Per job, everything means what generate's result means: the same token choice, chunk digests,
 * checkpoint blocks and, when asked, states at real positions; `flops` counts that sequence's
 * own prefill and decode steps from the graphs (the work it stands for alone), not the padding.
 */
export async function generateBatch(
  decoder: OpenBatchedDecoder,
  jobs: readonly BatchJob[],
  options: { states?: boolean } = {},
): Promise<Generation[]> {
  const { spec } = decoder.built
  const { width, vocab } = spec
  const batch = jobs.length
  if (batch === 0) return []
  const blocks = checkpointBlocks(decoder.built)
  const sequences = jobs.map(({ request, cheat }, s) => {
    checkGenerationRequest(request, spec)
    const { prompt, outputTokens } = request
    const keep = cheat?.kind === 'truncate' ? cheat.keep : prompt.length
    if (!(Number.isSafeInteger(keep) && keep >= 1 && keep <= prompt.length)) {
      throw new InputError(
        `jobs[${s}]: a truncated context keeps 1 to ${prompt.length} prompt tokens, got ${keep}`,
      )
    }
    return {
      request,
      cheat,
      keep,
      // A truncated context renumbers positions from its first kept token, as in generate.
      offset: prompt.length - keep,
      sampling: samplingOf(request.sampling, cheat),
      rows: Array.from({ length: blocks }, () => new Float32Array(outputTokens * width)),
      states: options.states
        ? Array.from({ length: blocks }, () => new Float32Array((prompt.length + outputTokens - 1) * width))
        : undefined,
      tokens: [] as number[],
      flops: { prefill: evaluateFlops(decoder.built.prefillFlops, keep), decode: 0 },
    }
  })
  const longest = Math.max(...sequences.map((s) => s.keep))
  const tokens: number[] = []
  const positions: number[] = []
  const mask = new Float32Array(batch * longest)
  for (const [s, sequence] of sequences.entries()) {
    const pad = longest - sequence.keep
    const fed = sequence.request.prompt.slice(sequence.offset)
    for (let c = 0; c < longest; c++) {
      tokens.push(c < pad ? 0 : (fed[c - pad] as number))
      positions.push(c < pad ? 0 : c - pad)
      if (c < pad) mask[s * longest + c] = MASKED
    }
  }
  let pass = await decoder.prefill(tokens, positions, mask, batch)
  let cache = pass.cache
  const kv8 = sequences.map((s) => s.cheat?.kind === 'kv8')
  roundCache(cache, decoder, 0, kv8)
  for (const [s, sequence] of sequences.entries()) {
    const pad = longest - sequence.keep
    for (let b = 0; b < blocks; b++) {
      const state = stateAfter(decoder, pass, b, blocks)
      const own = state.subarray(s * longest * width, (s + 1) * longest * width)
      sequence.rows[b]?.set(own.subarray((longest - 1) * width, longest * width), 0)
      sequence.states?.[b]?.set(own.subarray(pad * width), sequence.offset * width)
    }
  }
  let keyMask = mask
  const most = Math.max(...sequences.map((s) => s.request.outputTokens))
  for (let j = 0; j < most; j++) {
    const active = sequences.map((s) => j < s.request.outputTokens)
    if (j > 0) {
      // The new slot is real for a sequence still generating, padding for one that is done.
      const grown = new Float32Array(batch * (cache.length + 1))
      for (let s = 0; s < batch; s++) {
        grown.set(keyMask.subarray(s * cache.length, (s + 1) * cache.length), s * (cache.length + 1))
        if (!active[s]) grown[s * (cache.length + 1) + cache.length] = MASKED
      }
      keyMask = grown
      const stepTokens = sequences.map((s, i) => (active[i] ? (s.tokens[j - 1] as number) : 0))
      const stepPositions = sequences.map((s, i) => (active[i] ? s.keep + j - 1 : 0))
      for (const [i, s] of sequences.entries()) {
        if (active[i]) s.flops.decode += evaluateFlops(decoder.built.decodeFlops, s.keep + j - 1)
      }
      pass = await decoder.step(stepTokens, stepPositions, keyMask, cache)
      cache = pass.cache
      roundCache(cache, decoder, cache.length - 1, kv8)
    }
    // Logits of each sequence's latest position: the prefill's last column, or the step's one.
    const column = j === 0 ? longest - 1 : 0
    const columns = j === 0 ? longest : 1
    for (const [s, sequence] of sequences.entries()) {
      if (!active[s]) continue
      const row = s * columns + column
      if (j > 0) {
        for (let b = 0; b < blocks; b++) {
          const state = stateAfter(decoder, pass, b, blocks).subarray(row * width, (row + 1) * width)
          sequence.rows[b]?.set(state, j * width)
          sequence.states?.[b]?.set(state, (sequence.request.prompt.length + j - 1) * width)
        }
      }
      const logits = pass.logits.subarray(row * vocab, (row + 1) * vocab)
      const position = sequence.request.prompt.length + j
      sequence.tokens.push(pickToken(logits, sequence.sampling, sequence.cheat, position))
    }
  }
  return sequences.map((sequence) => {
    const { outputTokens } = sequence.request
    const chunkSize = sequence.request.chunkSize ?? DEFAULT_CHUNK_SIZE
    const topK = sequence.request.topK ?? DEFAULT_TOP_K
    const blockChunks = sequence.rows.map((hidden) => {
      const chunks = []
      for (let start = 0; start < outputTokens; start += chunkSize) {
        const end = Math.min(start + chunkSize, outputTokens)
        chunks.push(digestHidden(hidden.subarray(start * width, end * width), width, topK, start))
      }
      return chunks
    })
    const generation: Generation = {
      tokens: sequence.tokens,
      chunks: blockChunks[blocks - 1] ?? [],
      blockChunks,
      flops: sequence.flops,
    }
    if (sequence.states) generation.states = sequence.states
    return generation
  })
}

/** As generate's: the host's own block output at the honest width, else its last hidden state. */
function stateAfter(decoder: OpenBatchedDecoder, pass: BatchedPass, b: number, blocks: number): Float32Array {
  const { built } = decoder
  const sameWidth = built.cacheHeads * built.headDim === built.spec.width
  if (b === blocks - 1 || !sameWidth) return pass.hidden
  return pass.blocks[b] ?? pass.hidden
}

/**
 * generate's 8-bit KV cache for the sequences that use it (`which`): every key and value vector
 * from slot `from` on, per head, rounded to int8 with its own scale. Padding slots are rounded
 * too; they are masked, so that changes nothing a real position sees.
 */
function roundCache(cache: BatchedCache, decoder: OpenBatchedDecoder, from: number, which: boolean[]): void {
  if (!which.some(Boolean)) return
  const { cacheHeads, headDim } = decoder.built
  for (const tensor of [...cache.keys, ...cache.values]) {
    for (let s = 0; s < cache.batch; s++) {
      if (!which[s]) continue
      for (let head = 0; head < cacheHeads; head++) {
        for (let position = from; position < cache.length; position++) {
          const at = ((s * cacheHeads + head) * cache.length + position) * headDim
          const vector = tensor.subarray(at, at + headDim)
          let largest = 0
          for (const value of vector) largest = Math.max(largest, Math.abs(value))
          if (largest === 0) continue
          const scale = largest / INT8_MAX
          for (let i = 0; i < headDim; i++) vector[i] = Math.round((vector[i] as number) / scale) * scale
        }
      }
    }
  }
}
