import { type HardwareProfile, REFERENCE_HARDWARE } from '../../sim/index.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import type { DecoderSpec, DecoderVariant } from '../build/decoderTypes.ts'
import { generate } from './generate.ts'
import type { GenerationCheat, GenerationRequest } from './generationTypes.ts'
import { openDecoder } from './openDecoder.ts'
import {
  DEFAULT_GENERATION_TOLERANCE,
  type GenerationTolerance,
  verifyGeneration,
} from './verifyGeneration.ts'
import { withDecoder } from './withDecoder.ts'

/** A host to measure: a decoder variant on a hardware profile, perhaps cheating in its loop. */
export type GenerationHost = { variant?: DecoderVariant; hardware: HardwareProfile; cheat?: GenerationCheat }

/** How far one host's generations sit from the verifier's prefill, over every chunk of every request. */
export type GenerationSpread = {
  host: GenerationHost
  chunks: number
  /** Chunks that failed verification at the tolerance given. */
  failedChunks: number
  tokens: number
  /** Tokens whose claimed draw did not reproduce. */
  tokenMismatches: number
  /** Worst chunk's largest |Δ|: an honest host needs a tolerance at least this large. */
  maxValueDistance: number
  /** Mean of the chunks' mean |Δ|: the per-chunk signal a sequential test accumulates. */
  meanValueDistance: number
  /** Least per-chunk mean top-k overlap. */
  minOverlap: number
  /** The same two over the chunks' checkpoint blocks before the last (0 and 1 without any). */
  blockMaxValueDistance: number
  blockMinOverlap: number
  /** Largest amount a claimed token's score sat below the verifier's best. */
  maxTokenGap: number
}

/**
 * Measures, in the calling thread, how hardware profiles and cheats move generations as a
 * one-prefill verifier on `verifier` hardware sees them: the honest spread that sets the
 * tolerance, and each cheat's distance from it.
 */
export async function measureGenerationSpread(
  spec: DecoderSpec,
  hosts: GenerationHost[],
  requests: GenerationRequest[],
  verifier: HardwareProfile = REFERENCE_HARDWARE,
  tolerance: GenerationTolerance = DEFAULT_GENERATION_TOLERANCE,
): Promise<GenerationSpread[]> {
  const checker = await openDecoder(buildDecoder(spec), verifier)
  const spreads: GenerationSpread[] = []
  try {
    for (const host of hosts) {
      const spread: GenerationSpread = {
        host,
        chunks: 0,
        failedChunks: 0,
        tokens: 0,
        tokenMismatches: 0,
        maxValueDistance: 0,
        meanValueDistance: 0,
        minOverlap: 1,
        blockMaxValueDistance: 0,
        blockMinOverlap: 1,
        maxTokenGap: 0,
      }
      await withDecoder(spec, host.variant, host.hardware, async (decoder) => {
        for (const request of requests) {
          const claimed = await generate(decoder, request, host.cheat)
          const verdict = await verifyGeneration(checker, request, claimed, tolerance)
          for (const chunk of verdict.chunks) {
            spread.chunks++
            if (!chunk.passed) spread.failedChunks++
            spread.maxValueDistance = Math.max(spread.maxValueDistance, chunk.maxValueDistance)
            spread.meanValueDistance += chunk.meanValueDistance
            spread.minOverlap = Math.min(spread.minOverlap, chunk.meanOverlap)
            spread.blockMaxValueDistance = Math.max(spread.blockMaxValueDistance, chunk.blockMaxValueDistance)
            spread.blockMinOverlap = Math.min(spread.blockMinOverlap, chunk.blockMinOverlap)
            spread.maxTokenGap = Math.max(spread.maxTokenGap, chunk.maxTokenGap)
          }
          spread.tokens += request.outputTokens
          spread.tokenMismatches += verdict.tokenMismatches
        }
      })
      spread.meanValueDistance /= Math.max(spread.chunks, 1)
      spreads.push(spread)
    }
  } finally {
    await checker.release()
  }
  return spreads
}
