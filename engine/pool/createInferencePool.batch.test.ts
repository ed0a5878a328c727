import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import {
  type InferenceRequest,
  type InferenceResult,
  REFERENCE_HARDWARE,
  type TransformerModelSpec,
} from '../../sim/index.ts'
import { createInferencePool } from './createInferencePool.ts'

/** 128 wide: the smallest library-like shape whose batched graph changes bits here (lab/measureBatchSpread). */
const spec: TransformerModelSpec = {
  kind: 'transformer',
  dModel: 128,
  heads: 2,
  blocks: 4,
  seqLen: 64,
  ffMult: 4,
  seed: 4,
  cheats: { skipLayers: 1, noiseScale: 1, substituteWidth: 8 },
}
const seeds = [11, 12, 13, 14, 15, 16]

const digestsOf = (results: InferenceResult[]) => results.map((r) => [r.resultDigest, ...r.layerDigests])

async function withPool<T>(
  workers: number,
  tolerance: number,
  use: (pool: ReturnType<typeof createInferencePool>, modelId: string) => Promise<T>,
) {
  const pool = createInferencePool({ workers, tolerance })
  try {
    const info = await pool.load(spec)
    return await use(pool, info.id)
  } finally {
    await pool.close()
  }
}

describe('createInferencePool: serving batches (inferBatch)', () => {
  it('gives byte-identical batch results with 1 and 2 workers, batches running side by side', async () => {
    const run = (workers: number) =>
      withPool(workers, 0, async (pool, modelId) => {
        const requests = (part: number[]): InferenceRequest[] =>
          part.map((inputSeed) => ({ modelId, inputSeed, variant: 'honest', hardware: REFERENCE_HARDWARE }))
        const [first, second] = await Promise.all([
          pool.inferBatch(requests(seeds.slice(0, 4))),
          pool.inferBatch(requests(seeds.slice(4))),
        ])
        return digestsOf([...first, ...second])
      })
    const one = await run(1)
    expect(one).toHaveLength(6)
    expect(await run(2)).toEqual(one)
  }, 60_000)

  it('makes the false-slash consequence visible: exact checking fails a batched honest job, tolerance passes it', async () => {
    const outcome = (tolerance: number) =>
      withPool(1, tolerance, async (pool, modelId) => {
        const batch = await pool.inferBatch(
          seeds.map((inputSeed) => ({ modelId, inputSeed, variant: 'honest', hardware: REFERENCE_HARDWARE })),
        )
        const alone = await pool.infer({
          modelId,
          inputSeed: seeds[2] as number,
          variant: 'honest',
          hardware: REFERENCE_HARDWARE,
        })
        // The verifier re-creates the claimed run in its batch, and runs its own reference alone.
        const check = await pool.compare({
          modelId,
          inputSeed: seeds[2] as number,
          claimed: {
            variant: 'honest',
            hardware: REFERENCE_HARDWARE,
            batch: { inputSeeds: seeds, index: 2 },
          },
          reference: { variant: 'honest', hardware: REFERENCE_HARDWARE },
        })
        return {
          sameDigest: batch[2]?.resultDigest === alone.resultDigest,
          agree: check.agree.every(Boolean),
          flops: batch[2]?.flops,
        }
      })
    const exact = await outcome(0)
    expect(exact.sameDigest).toBe(false)
    expect(exact.agree).toBe(false)
    const tolerant = await outcome(1e-3)
    expect(tolerant.agree).toBe(true)
    expect(tolerant.flops).toBe(exact.flops)
  }, 60_000)

  it('refuses a batch that mixes runs, naming both', async () => {
    await withPool(1, 0, async (pool, modelId) => {
      await expect(
        pool.inferBatch([
          { modelId, inputSeed: 1, variant: 'honest', hardware: REFERENCE_HARDWARE },
          { modelId, inputSeed: 2, variant: 'skip', hardware: REFERENCE_HARDWARE },
        ]),
      ).rejects.toThrow(InputError)
    })
  }, 60_000)
})
