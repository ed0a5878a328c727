import { InputError } from '../../errors/index.ts'
import { evaluateFlops } from '../build/evaluateFlops.ts'
import { checkGenerationRequest, DEFAULT_CHUNK_SIZE, DEFAULT_TOP_K } from './checkGenerationRequest.ts'
import { checkpointBlocks } from './checkpointBlocks.ts'
import { digestHidden } from './digestHidden.ts'
import type { Generation, GenerationCheat, GenerationRequest } from './generationTypes.ts'
import type { DecoderPass, KvCache, OpenDecoder } from './openDecoder.ts'
import { pickToken, samplingOf } from './pickToken.ts'

const INT8_MAX = 127

/**
 * Generates `outputTokens` tokens: one prefill over the prompt, then one decode step per further
 * token, with the KV cache held in local arrays for the life of this generation only. Output
 * token j is chosen from the logits at position P + j − 1 (P = prompt length) and its digest
 * covers the hidden state at that position, the state it was predicted from; so the last token
 * needs no decode step of its own and a verifier's prefill over prompt + output reproduces every
 * committed state.
 *
 * `cheat` changes the loop as a lazy or dishonest host would (see GenerationCheat); with an
 * honest decoder and no cheat this is the honest host.
 */
export async function generate(
  decoder: OpenDecoder,
  request: GenerationRequest,
  cheat?: GenerationCheat,
  options: { states?: boolean } = {},
): Promise<Generation> {
  const { spec } = decoder.built
  checkGenerationRequest(request, spec)
  const { prompt, outputTokens } = request
  const chunkSize = request.chunkSize ?? DEFAULT_CHUNK_SIZE
  const topK = request.topK ?? DEFAULT_TOP_K
  const keep = cheat?.kind === 'truncate' ? cheat.keep : prompt.length
  if (!(Number.isSafeInteger(keep) && keep >= 1 && keep <= prompt.length)) {
    throw new InputError(`a truncated context keeps 1 to ${prompt.length} prompt tokens, got ${keep}`)
  }
  // A truncated context renumbers positions from its first kept token, as a sliding window does.
  const offset = prompt.length - keep
  const sampling = samplingOf(request.sampling, cheat)
  const { width } = spec
  const blocks = checkpointBlocks(decoder.built)
  // Per checkpoint block, the output tokens' claimed states (rows) and, for a referee, every
  // position's (states).
  const rows = Array.from({ length: blocks }, () => new Float32Array(outputTokens * width))
  const states = options.states
    ? Array.from({ length: blocks }, () => new Float32Array((prompt.length + outputTokens - 1) * width))
    : undefined
  const tokens: number[] = []
  const flops = { prefill: evaluateFlops(decoder.built.prefillFlops, keep), decode: 0 }

  let pass = await decoder.prefill(prompt.slice(offset))
  let cache: KvCache = pass.cache
  if (cheat?.kind === 'kv8') roundCache(cache, decoder, 0)
  let logits = pass.logits.subarray((keep - 1) * spec.vocab)
  for (let b = 0; b < blocks; b++) {
    const state = stateAfter(decoder, pass, b, blocks)
    rows[b]?.set(state.subarray((keep - 1) * width), 0)
    states?.[b]?.set(state, offset * width)
  }
  for (let j = 0; j < outputTokens; j++) {
    if (j > 0) {
      flops.decode += evaluateFlops(decoder.built.decodeFlops, cache.length)
      pass = await decoder.step(tokens[j - 1] as number, prompt.length + j - 1 - offset, cache)
      cache = pass.cache
      if (cheat?.kind === 'kv8') roundCache(cache, decoder, cache.length - 1)
      logits = pass.logits
      for (let b = 0; b < blocks; b++) {
        const state = stateAfter(decoder, pass, b, blocks)
        rows[b]?.set(state, j * width)
        states?.[b]?.set(state, (prompt.length + j - 1) * width)
      }
    }
    tokens.push(pickToken(logits, sampling, cheat, prompt.length + j))
  }
  const blockChunks = rows.map((hidden) => {
    const chunks = []
    for (let start = 0; start < outputTokens; start += chunkSize) {
      const end = Math.min(start + chunkSize, outputTokens)
      chunks.push(digestHidden(hidden.subarray(start * width, end * width), width, topK, start))
    }
    return chunks
  })
  const chunks = blockChunks[blocks - 1] ?? []
  return { tokens, chunks, blockChunks, flops, ...(states ? { states } : {}) }
}

/**
 * The state a host claims after checkpoint block `b` (0-based) for the positions of `pass`: its
 * own block's output when it ran that block at the honest width, else its last hidden state (a
 * skipped block passes its input on; a substitute has no honest-width state but its projection).
 * The last checkpoint block is always `hidden`, so its digests are the chunk digests.
 */
function stateAfter(decoder: OpenDecoder, pass: DecoderPass, b: number, blocks: number): Float32Array {
  const { built } = decoder
  const sameWidth = built.cacheHeads * built.headDim === built.spec.width
  if (b === blocks - 1 || !sameWidth) return pass.hidden
  return pass.blocks[b] ?? pass.hidden
}

/**
 * The 8-bit KV cache: every key and value vector from position `from` on, per head, rounded to
 * int8 with its own scale (largest magnitude / 127) and kept dequantized, as a host that stores
 * its cache in int8 would attend over it.
 */
function roundCache(cache: KvCache, decoder: OpenDecoder, from: number): void {
  const { cacheHeads, headDim } = decoder.built
  for (const tensor of [...cache.keys, ...cache.values]) {
    for (let head = 0; head < cacheHeads; head++) {
      for (let position = from; position < cache.length; position++) {
        const at = (head * cache.length + position) * headDim
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
