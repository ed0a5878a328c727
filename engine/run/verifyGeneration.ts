import {
  DEFAULT_GENERATION_TOLERANCE,
  type GenerationTolerance as SimGenerationTolerance,
} from '../../sim/index.ts'
import { evaluateFlops } from '../build/evaluateFlops.ts'
import { checkGenerationRequest, DEFAULT_CHUNK_SIZE, DEFAULT_TOP_K } from './checkGenerationRequest.ts'
import { checkpointBlocks } from './checkpointBlocks.ts'
import { compareDigests, type DigestDistance } from './compareDigests.ts'
import { digestHidden } from './digestHidden.ts'
import type { ChunkDigest, Generation, GenerationRequest } from './generationTypes.ts'
import { hashDigest } from './hashDigest.ts'
import type { OpenDecoder } from './openDecoder.ts'
import { scoreTokens } from './scoreTokens.ts'

/**
 * How far a claimed chunk may sit from the verifier's own recomputation and still pass (defined
 * in sim/, where a RunSpec carries it). The defaults clear the honest spread measured across this
 * project's hardware profiles (threads, optimization levels, fp16-rounded weights) on the test
 * models with room to spare (see verifyGeneration.test.ts, which prints it), while every cheaper
 * model variant lands far outside them.
 */
export type GenerationTolerance = SimGenerationTolerance

export { DEFAULT_GENERATION_TOLERANCE }

/** One chunk's evidence: the statistics behind the verdict, not only the verdict. */
export type ChunkVerdict = {
  start: number
  count: number
  /** Mean and least share of each token's top-k indices that the verifier's top-k shares. */
  meanOverlap: number
  minOverlap: number
  /** Mean and largest |Δ| over the values of shared indices. */
  meanValueDistance: number
  maxValueDistance: number
  /** Tokens whose score sits more than tokenMargin below the best, and the largest such gap. */
  tokenMismatches: number
  maxTokenGap: number
  /** The committed digest has the shape the request implies and matches its hash. */
  wellFormed: boolean
  passed: boolean
  /**
   * Per checkpoint block before the last (0-based): the claimed digest of the chunk's state
   * after that block is well formed and within tolerance (overlap, value distance) of the
   * verifier's. The last block's verdict is `passed`. Empty for a decoder from files.
   */
  blocks: boolean[]
  /**
   * Over the well-formed block digests before the last: the largest |Δ| and the least mean
   * overlap (0 and 1 when there are none), so a measured tolerance covers the referee's blocks too.
   */
  blockMaxValueDistance: number
  blockMinOverlap: number
}

export type GenerationVerdict = {
  passed: boolean
  chunks: ChunkVerdict[]
  /** Over all chunks: worst statistics, and the tokens whose draw did not reproduce. */
  maxValueDistance: number
  minMeanOverlap: number
  tokenMismatches: number
  /** The verifier's cost: one prefill over prompt + output. */
  flops: number
}

/**
 * Checks a claimed generation with ONE prefill over prompt + output tokens on an honest decoder:
 * every chunk's digest is recomputed from the hidden states that predicted its tokens and
 * compared within tolerance (index overlap, value distance), and every token is re-derived from
 * the recomputed logits and, for sampled decoding, the reproduced Gumbel draw. Returns the
 * per-chunk statistics, so a sequential test can accumulate weak evidence over chunks and jobs.
 */
export async function verifyGeneration(
  decoder: OpenDecoder,
  request: GenerationRequest,
  claimed: Generation,
  tolerance: GenerationTolerance = DEFAULT_GENERATION_TOLERANCE,
): Promise<GenerationVerdict> {
  const { spec } = decoder.built
  checkGenerationRequest(request, spec)
  const { prompt, outputTokens, sampling } = request
  const chunkSize = request.chunkSize ?? DEFAULT_CHUNK_SIZE
  const topK = request.topK ?? DEFAULT_TOP_K
  // Out-of-vocabulary or missing tokens cannot be fed; they are replaced so the pass still
  // runs, and the chunks holding them fail as malformed.
  const tokens = Array.from({ length: outputTokens }, (_, j) => {
    const token = claimed.tokens[j]
    return Number.isSafeInteger(token) && (token as number) >= 0 && (token as number) < spec.vocab
      ? (token as number)
      : -1
  })
  const sequence = [...prompt, ...tokens.map((token) => Math.max(token, 0))]
  const pass = await decoder.prefill(sequence)
  const { width, vocab } = spec
  const P = prompt.length
  const chunks: ChunkVerdict[] = []
  for (let start = 0, c = 0; start < outputTokens; start += chunkSize, c++) {
    const count = Math.min(chunkSize, outputTokens - start)
    const rows = pass.hidden.subarray((P - 1 + start) * width, (P - 1 + start + count) * width)
    const mine = digestHidden(rows, width, topK, start)
    const theirs = claimed.chunks[c]
    const k = Math.min(topK, width)
    const wellFormed = theirs !== undefined && formed(theirs, start, count, k)
    const digest = compareDigests(mine, wellFormed ? theirs : null, k)
    const blocks: boolean[] = []
    let blockMaxValueDistance = 0
    let blockMinOverlap = 1
    for (let b = 0; b < checkpointBlocks(decoder.built) - 1; b++) {
      const state = pass.blocks[b]
      const claim = claimed.blockChunks[b]?.[c]
      const ok = state !== undefined && claim !== undefined && formed(claim, start, count, k)
      if (!ok) {
        blocks.push(false)
        continue
      }
      const own = digestHidden(
        state.subarray((P - 1 + start) * width, (P - 1 + start + count) * width),
        width,
        topK,
        start,
      )
      const distance = compareDigests(own, claim, k)
      blockMaxValueDistance = Math.max(blockMaxValueDistance, distance.maxValueDistance)
      blockMinOverlap = Math.min(blockMinOverlap, distance.meanOverlap)
      blocks.push(withinTolerance(distance, tolerance))
    }
    let tokenMismatches = 0
    let maxTokenGap = 0
    for (let j = start; j < start + count; j++) {
      const token = tokens[j] as number
      const logits = pass.logits.subarray((P - 1 + j) * vocab, (P + j) * vocab)
      const scores = scoreTokens(logits, sampling, P + j)
      const gap = token < 0 ? Number.POSITIVE_INFINITY : Math.max(...scores) - (scores[token] as number)
      maxTokenGap = Math.max(maxTokenGap, gap)
      if (gap > tolerance.tokenMargin) tokenMismatches++
    }
    const passed = wellFormed && withinTolerance(digest, tolerance) && tokenMismatches === 0
    chunks.push({
      start,
      count,
      ...digest,
      tokenMismatches,
      maxTokenGap,
      wellFormed,
      passed,
      blocks,
      blockMaxValueDistance,
      blockMinOverlap,
    })
  }
  return {
    // Tokens or chunks beyond the request are claims nobody asked for: the whole result fails.
    passed:
      chunks.every((chunk) => chunk.passed) &&
      claimed.chunks.length === chunks.length &&
      claimed.tokens.length === outputTokens,
    chunks,
    maxValueDistance: Math.max(...chunks.map((chunk) => chunk.maxValueDistance)),
    minMeanOverlap: Math.min(...chunks.map((chunk) => chunk.meanOverlap)),
    tokenMismatches: chunks.reduce((sum, chunk) => sum + chunk.tokenMismatches, 0),
    flops: evaluateFlops(decoder.built.prefillFlops, sequence.length),
  }
}

/** The digest has the shape chunk (start, count) implies at top-k `k`, and matches its hash. */
function formed(digest: ChunkDigest, start: number, count: number, k: number): boolean {
  return (
    digest.start === start &&
    digest.count === count &&
    digest.indices.length === count * k &&
    digest.values.length === count * k &&
    hashDigest(digest.indices, digest.values) === digest.hash
  )
}

/** Within tolerance: index overlap and value distance, not the tokens. */
function withinTolerance(digest: DigestDistance, tolerance: GenerationTolerance): boolean {
  return digest.meanOverlap >= tolerance.minOverlap && digest.maxValueDistance <= tolerance.maxValueDistance
}
