import seedrandom from 'seedrandom'
import { InputError } from '../../errors/index.ts'
import type { DecoderCheatParams, GenerationOrder, VariantName } from '../../sim/index.ts'
import type { DecoderVariant } from '../build/decoderTypes.ts'
import type { GenerationCheat } from './generationTypes.ts'

/** What a worker runs for one generation: a decoder graph pair and, maybe, a change to its loop. */
export type DecoderRunPlan = { variant: DecoderVariant; cheat?: GenerationCheat }

/**
 * Maps a host's variant name to the engine's decoder variant or generation cheat for one job.
 * skip keeps `blocks − skipBlocks` blocks; truncate feeds the last truncateKeep prompt tokens,
 * or the whole prompt when it is shorter (nothing left to drop); reseed samples with a seed
 * derived from the job's seed, different from it and the same every time, so two reseeding
 * hosts agree with each other and never with the honest draw.
 */
export function decoderRunOf(
  variant: VariantName,
  cheats: DecoderCheatParams,
  blocks: number,
  order: GenerationOrder,
  inputSeed: number,
): DecoderRunPlan {
  const honest: DecoderVariant = { kind: 'honest' }
  switch (variant) {
    case 'honest':
      return { variant: honest }
    case 'skip':
      return { variant: { kind: 'skip', blocks: blocks - cheats.skipBlocks } }
    case 'substitute':
      return { variant: { kind: 'substitute', ...cheats.substitute } }
    case 'int4':
      return { variant: { kind: 'int4' } }
    case 'kv8':
      return { variant: honest, cheat: { kind: 'kv8' } }
    case 'truncate':
      return {
        variant: honest,
        cheat: { kind: 'truncate', keep: Math.min(cheats.truncateKeep, order.promptTokens) },
      }
    case 'reseed':
      if (order.sampling.kind === 'greedy') {
        throw new InputError('variant reseed changes the sampling seed, but workload.sampling is greedy', {
          hint: 'use sampled decoding (a temperature) with reseeding hosts, or another variant',
        })
      }
      return { variant: honest, cheat: { kind: 'reseed', seed: reseedOf(inputSeed) } }
    case 'bias':
      return { variant: honest, cheat: { kind: 'bias', tokens: cheats.biasTokens, bias: cheats.bias } }
    default:
      throw new InputError(`variant ${variant} is a forward-pass cheat; a decoder has no such variant`)
  }
}

function reseedOf(inputSeed: number): number {
  const seed = seedrandom.alea(`reseed:${inputSeed}`).int32() >>> 0
  return seed === inputSeed ? seed + 1 : seed
}
