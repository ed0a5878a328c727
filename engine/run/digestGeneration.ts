import type { GenerationOrder, Hex, InferenceResult } from '../../sim/index.ts'
import type { Generation } from './generationTypes.ts'
import { hashBytes } from './hashBytes.ts'
import { hashDigest } from './hashDigest.ts'

/**
 * The digest a short output's missing chunks report: the hash of an empty chunk, which no real
 * chunk (at least one token, at least one entry) can have.
 */
export const PADDING_DIGEST: Hex = hashDigest([], [])

/**
 * A generation as the inference port reports it: `layerDigests` are the (chunk, block) hashes
 * chunk-major — checkpoint (c − 1) × B + b is block b of chunk c, so bisection narrows to a chunk
 * first, then to a block within it — padded with PADDING_DIGEST up to the order's checkpoints
 * (every leaf of a model has as many as it registered for bisection); `resultDigest` commits the
 * tokens and the real chunk hashes (the last block's), and `output` holds the tokens as floats
 * for the off-chain comparisons replication makes.
 */
export function digestGeneration(
  generation: Generation,
  order: GenerationOrder,
  want: { checkpoints: boolean; output: boolean },
): InferenceResult {
  const { tokens, chunks, flops } = generation
  const hashes = chunks.map((chunk) => chunk.hash)
  // int32 count, int32 tokens, then each chunk's 32 hash bytes: fixed widths, so no two
  // different generations serialize alike.
  const bytes = new Uint8Array(4 + tokens.length * 4 + hashes.length * 32)
  const view = new DataView(bytes.buffer)
  view.setInt32(0, tokens.length, true)
  for (const [i, token] of tokens.entries()) view.setInt32(4 + i * 4, token, true)
  for (const [i, hash] of hashes.entries())
    bytes.set(Buffer.from(hash.slice(2), 'hex'), 4 + tokens.length * 4 + i * 32)
  const real = generation.blockChunks.length > 0 ? generation.blockChunks : [chunks]
  const checkpoints = chunks.flatMap((_, c) => real.map((block) => block[c]?.hash ?? PADDING_DIGEST))
  const layerDigests = want.checkpoints
    ? [
        ...checkpoints,
        ...new Array<Hex>(Math.max(0, order.checkpoints - checkpoints.length)).fill(PADDING_DIGEST),
      ]
    : []
  return {
    layerDigests,
    resultDigest: hashBytes(bytes),
    output: want.output ? Float32Array.from(tokens) : new Float32Array(0),
    flops: flops.prefill + flops.decode,
    generation: {
      promptTokens: order.promptTokens,
      outputTokens: order.outputTokens,
      prefillFlops: flops.prefill,
      decodeFlops: flops.decode,
    },
  }
}
