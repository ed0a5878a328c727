import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import type { DecoderCheatParams, GenerationOrder } from '../../sim/index.ts'
import { decoderRunOf } from './decoderRunOf.ts'

const cheats: DecoderCheatParams = {
  skipBlocks: 1,
  substitute: { width: 16, heads: 2, blocks: 1 },
  truncateKeep: 12,
  biasTokens: [4, 5],
  bias: 3,
}
const order: GenerationOrder = {
  promptTokens: 20,
  outputTokens: 32,
  sampling: { kind: 'sample', temperature: 1 },
  chunkSize: 16,
  topK: 4,
  checkpoints: 2,
}

describe('decoderRunOf', () => {
  it('maps graph cheats to decoder variants and loop cheats to the honest graphs with a cheat', () => {
    expect(decoderRunOf('honest', cheats, 3, order, 1)).toEqual({ variant: { kind: 'honest' } })
    expect(decoderRunOf('skip', cheats, 3, order, 1)).toEqual({ variant: { kind: 'skip', blocks: 2 } })
    expect(decoderRunOf('substitute', cheats, 3, order, 1)).toEqual({
      variant: { kind: 'substitute', width: 16, heads: 2, blocks: 1 },
    })
    expect(decoderRunOf('int4', cheats, 3, order, 1)).toEqual({ variant: { kind: 'int4' } })
    expect(decoderRunOf('kv8', cheats, 3, order, 1).cheat).toEqual({ kind: 'kv8' })
    expect(decoderRunOf('bias', cheats, 3, order, 1).cheat).toEqual({ kind: 'bias', tokens: [4, 5], bias: 3 })
  })

  it('truncates to truncateKeep prompt tokens, or feeds a shorter prompt whole', () => {
    expect(decoderRunOf('truncate', cheats, 3, order, 1).cheat).toEqual({ kind: 'truncate', keep: 12 })
    const short = { ...order, promptTokens: 7 }
    expect(decoderRunOf('truncate', cheats, 3, short, 1).cheat).toEqual({ kind: 'truncate', keep: 7 })
  })

  it('reseeds from the job seed: the same seed every time, never the job’s own, another per job', () => {
    const seedOf = (inputSeed: number) => {
      const { cheat } = decoderRunOf('reseed', cheats, 3, order, inputSeed)
      return cheat?.kind === 'reseed' ? cheat.seed : Number.NaN
    }
    const seeds = Array.from({ length: 200 }, (_, i) => seedOf(i))
    expect(seeds).toEqual(Array.from({ length: 200 }, (_, i) => seedOf(i)))
    for (const [i, seed] of seeds.entries()) {
      expect(Number.isSafeInteger(seed) && seed >= 0).toBe(true)
      expect(seed).not.toBe(i)
    }
    expect(new Set(seeds).size).toBe(200)
    expect(() => decoderRunOf('reseed', cheats, 3, { ...order, sampling: { kind: 'greedy' } }, 1)).toThrow(
      InputError,
    )
  })

  it('refuses forward-pass cheats', () => {
    expect(() => decoderRunOf('int8', cheats, 3, order, 1)).toThrow(/forward-pass cheat/)
  })
})
