import type { LayerCheckResult } from '../../sim/index.ts'
import { evaluateFlops } from '../build/evaluateFlops.ts'
import { DEFAULT_CHUNK_SIZE, DEFAULT_TOP_K } from './checkGenerationRequest.ts'
import { compareDigests } from './compareDigests.ts'
import { digestHidden } from './digestHidden.ts'
import { generate } from './generate.ts'
import type { Generation, GenerationCheat, GenerationRequest } from './generationTypes.ts'
import type { OpenDecoder } from './openDecoder.ts'
import type { OpenDecoderBlock } from './openDecoderBlock.ts'
import { scoreTokens } from './scoreTokens.ts'
import type { GenerationTolerance } from './verifyGeneration.ts'

/**
 * The referee's last step on checkpoint (chunk, block) of a generation, both 1-based: it
 * re-executes ONE honest block. Its input is what the host reveals in the game — the claimed
 * state after the block before at every position up to the chunk's end (for the first block,
 * the claimed tokens, which the block embeds itself) — and the claim up to that end is
 * re-created here, bit for bit the prefix of the whole claim, since generation is causal. The
 * block runs prefill-style over those positions, and its output's digest on the chunk's tokens
 * must sit within tolerance of the claimed digest; for the last block, every token of the chunk
 * must also re-derive from the block's logits, as in the one-prefill check. FLOPs: that block's
 * prefill. The caller answers padding chunks itself.
 */
export async function refereeBlock(
  claimed: {
    decoder: OpenDecoder
    cheat?: GenerationCheat | undefined
    /** The claim as its host's serving batch gave it; absent, it is re-created alone. */
    generation?: Generation | undefined
  },
  referee: OpenDecoderBlock,
  request: GenerationRequest,
  chunk: number,
  block: number,
  tolerance: GenerationTolerance,
): Promise<LayerCheckResult> {
  const chunkSize = request.chunkSize ?? DEFAULT_CHUNK_SIZE
  const topK = request.topK ?? DEFAULT_TOP_K
  const end = Math.min(chunk * chunkSize, request.outputTokens)
  const upTo = { ...request, outputTokens: end }
  // A batched claim is the whole generation; causality makes its prefix up to `end` the same
  // thing generating `end` tokens gives, and only that prefix is read below.
  const generation =
    claimed.generation ?? (await generate(claimed.decoder, upTo, claimed.cheat, { states: true }))
  const { prompt, sampling } = request
  const { width, vocab } = claimed.decoder.built.spec
  const P = prompt.length
  const length = P + end - 1
  const flops = evaluateFlops(referee.block.flops, length)
  const before = block === 1 ? null : generation.states?.[block - 2]
  const theirs = generation.blockChunks[block - 1]?.[chunk - 1]
  if ((block > 1 && !before) || !theirs) return { agree: false, flops }
  const { output, logits } = await referee.run(
    before
      ? { state: before.subarray(0, length * width) }
      : { tokens: [...prompt, ...generation.tokens].slice(0, length) },
    length,
  )
  const start = (chunk - 1) * chunkSize
  const count = end - start
  const mine = digestHidden(
    output.subarray((P - 1 + start) * width, (P - 1 + end) * width),
    width,
    topK,
    start,
  )
  const distance = compareDigests(mine, theirs, Math.min(topK, width))
  let agree =
    distance.meanOverlap >= tolerance.minOverlap && distance.maxValueDistance <= tolerance.maxValueDistance
  if (logits) {
    for (let j = start; j < start + count && agree; j++) {
      const scores = scoreTokens(logits.subarray((P - 1 + j) * vocab, (P + j) * vocab), sampling, P + j)
      const token = generation.tokens[j] as number
      agree = Math.max(...scores) - (scores[token] as number) <= tolerance.tokenMargin
    }
  }
  return { agree, flops }
}
