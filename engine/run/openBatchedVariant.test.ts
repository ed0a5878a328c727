import { describe, expect, it } from 'vitest'
import { type MlpModelSpec, REFERENCE_HARDWARE, type TransformerModelSpec } from '../../sim/index.ts'
import { buildModel } from '../build/buildModel.ts'
import { openBatchedVariant } from './openBatchedVariant.ts'
import { openVariant } from './openVariant.ts'

const cheats = { skipLayers: 1, noiseScale: 1, substituteWidth: 8 }
const mlp: MlpModelSpec = { kind: 'mlp', width: 32, depth: 4, inputSize: 16, outputSize: 8, seed: 3, cheats }
const transformer: TransformerModelSpec = {
  kind: 'transformer',
  dModel: 16,
  heads: 2,
  blocks: 2,
  seqLen: 8,
  ffMult: 4,
  seed: 4,
  cheats,
}
const batched = { weights: true, batched: true }

describe('openBatchedVariant', () => {
  it('counts the same FLOPs per job in the batched graph as in the unbatched one, for every variant', () => {
    for (const spec of [mlp, transformer]) {
      for (const variant of ['honest', 'skip', 'substitute'] as const) {
        expect(buildModel(spec, variant, batched).flops).toBe(buildModel(spec, variant).flops)
      }
    }
  })

  it('runs a batch as one session run and gives every job its own checkpoints', async () => {
    for (const spec of [mlp, transformer]) {
      const built = buildModel(spec, 'honest')
      const alone = await openVariant(built, REFERENCE_HARDWARE)
      const open = await openBatchedVariant(buildModel(spec, 'honest', batched), REFERENCE_HARDWARE)
      const seeds = [5, 9, 5, 1]
      const rows = await open.runBatch(seeds)
      expect(rows).toHaveLength(4)
      for (const [i, seed] of seeds.entries()) {
        const own = await alone.run(seed)
        const row = rows[i] as Float32Array[]
        expect(row.map((c) => c.length)).toEqual(own.map((c) => c.length))
        // These small shapes give the same bits batched or alone on this CPU (lab/measureBatchSpread).
        expect(row).toEqual(own)
      }
      await Promise.all([alone.release(), open.release()])
    }
  })

  it('gives a job the same bits whatever batch it is in', async () => {
    const open = await openBatchedVariant(buildModel(transformer, 'honest', batched), REFERENCE_HARDWARE)
    const [inFour] = (await open.runBatch([7, 1, 2, 3])) as Float32Array[][]
    const [inOne] = (await open.runBatch([7])) as Float32Array[][]
    expect(inFour).toEqual(inOne)
    await open.release()
  })

  it('gives each job its result alone, the same bits, when no checkpoint before it is wanted', async () => {
    for (const spec of [mlp, transformer]) {
      const open = await openBatchedVariant(buildModel(spec, 'honest', batched), REFERENCE_HARDWARE)
      const seeds = [5, 9, 1]
      const every = await open.runBatch(seeds)
      const results = await open.runBatch(seeds, false)
      expect(results).toEqual(every.map((row) => [row.at(-1)]))
      await open.release()
    }
  })

  it('refuses an unbatched graph, naming the fix', async () => {
    await expect(openBatchedVariant(buildModel(mlp, 'honest'), REFERENCE_HARDWARE)).rejects.toThrow(
      /no symbolic batch dimension: build it with \{ batched: true \}/,
    )
  })
})
