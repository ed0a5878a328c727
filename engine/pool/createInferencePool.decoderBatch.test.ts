import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import {
  type DecoderModelSpec,
  type GenerationOrder,
  type InferenceRequest,
  type InferenceResult,
  REFERENCE_HARDWARE,
  type RunRef,
  type VariantName,
} from '../../sim/index.ts'
import { createInferencePool } from './createInferencePool.ts'

const decoder: DecoderModelSpec = {
  kind: 'decoder',
  vocab: 256,
  width: 32,
  heads: 4,
  blocks: 2,
  context: 96,
  ffMult: 2,
  seed: 3,
  cheats: {
    skipBlocks: 1,
    substitute: { width: 16, heads: 2, blocks: 1 },
    truncateKeep: 4,
    biasTokens: [7, 8],
    bias: 5,
  },
}
/** Jobs of one batch with different prompt and output lengths: the batch pads and steps on. */
const orderOf = (promptTokens: number, outputTokens: number): GenerationOrder => ({
  promptTokens,
  outputTokens,
  sampling: { kind: 'sample', temperature: 0.8 },
  chunkSize: 16,
  topK: 4,
  checkpoints: 8,
})
const jobs = [
  { inputSeed: 21, order: orderOf(8, 40) },
  { inputSeed: 22, order: orderOf(3, 12) },
  { inputSeed: 23, order: orderOf(17, 33) },
]
const digestsOf = (results: InferenceResult[]) => results.map((r) => [r.resultDigest, ...r.layerDigests])

async function withPool<T>(
  workers: number,
  use: (pool: ReturnType<typeof createInferencePool>, modelId: string) => Promise<T>,
): Promise<T> {
  const pool = createInferencePool({ workers, tolerance: 0 })
  try {
    const info = await pool.load(decoder)
    return await use(pool, info.id)
  } finally {
    await pool.close()
  }
}

const requestsOf = (modelId: string, variant: VariantName = 'honest'): InferenceRequest[] =>
  jobs.map(({ inputSeed, order }) => ({
    modelId,
    inputSeed,
    variant,
    hardware: REFERENCE_HARDWARE,
    generation: order,
  }))

/** The claimed run of job `index` as the sim's checkers name it: in its serving batch. */
const inBatch = (index: number, variant: VariantName = 'honest'): RunRef => ({
  variant,
  hardware: REFERENCE_HARDWARE,
  batch: { inputSeeds: jobs.map((j) => j.inputSeed), index, orders: jobs.map((j) => j.order) },
})

describe('createInferencePool: a decoder host serving batches (inferBatch)', () => {
  it('gives byte-identical batched generations with 1 and 2 workers', async () => {
    const run = (workers: number) =>
      withPool(workers, async (pool, modelId) => {
        const [first, second] = await Promise.all([
          pool.inferBatch(requestsOf(modelId)),
          pool.inferBatch(requestsOf(modelId).slice(1)),
        ])
        return digestsOf([...first, ...second])
      })
    const one = await run(1)
    expect(one).toHaveLength(5)
    expect(await run(2)).toEqual(one)
  }, 60_000)

  it("checks an honest batched job by one prefill alone within the default tolerance, re-created in its batch; a cheat's batch fails", async () => {
    await withPool(1, async (pool, modelId) => {
      const results = await pool.inferBatch(requestsOf(modelId))
      for (const [index, { inputSeed, order }] of jobs.entries()) {
        expect(results[index]?.generation?.outputTokens).toBe(order.outputTokens)
        const check = await pool.compare({
          modelId,
          inputSeed,
          claimed: inBatch(index),
          reference: { variant: 'honest', hardware: REFERENCE_HARDWARE },
          generation: order,
        })
        expect(check.agree.every(Boolean), `job ${index}: ${JSON.stringify(check.chunks)}`).toBe(true)
      }
      const cheat = await pool.compare({
        modelId,
        inputSeed: 21,
        claimed: inBatch(0, 'truncate'),
        reference: { variant: 'honest', hardware: REFERENCE_HARDWARE },
        generation: jobs[0]?.order as GenerationOrder,
      })
      expect(cheat.agree.every(Boolean)).toBe(false)
    })
  }, 60_000)

  it('lets the referee re-execute a block of a batched claim: honest agrees, a skip cheat does not', async () => {
    await withPool(1, async (pool, modelId) => {
      const ask = (variant: VariantName, layer: number) =>
        pool.checkLayer({
          modelId,
          inputSeed: 23,
          layer,
          claimed: inBatch(2, variant),
          hardware: REFERENCE_HARDWARE,
          generation: jobs[2]?.order as GenerationOrder,
        })
      for (const layer of [1, 2, 3, 4])
        expect((await ask('honest', layer)).agree, `layer ${layer}`).toBe(true)
      const verdicts = await Promise.all([1, 2, 3, 4].map((layer) => ask('skip', layer)))
      expect(verdicts.some((v) => !v.agree)).toBe(true)
    })
  }, 60_000)

  it('refuses a batch that mixes variants, and a batched claim without its jobs’ orders', async () => {
    await withPool(1, async (pool, modelId) => {
      const mixed = [...requestsOf(modelId).slice(0, 1), ...requestsOf(modelId, 'skip').slice(1)]
      await expect(pool.inferBatch(mixed)).rejects.toThrow(InputError)
      await expect(pool.inferBatch(mixed)).rejects.toThrow(/requests\[1\].*not in requests\[0\]'s batch/)
      const claimed: RunRef = { ...inBatch(0), batch: { inputSeeds: [21, 22, 23], index: 0 } }
      await expect(
        pool.compare({
          modelId,
          inputSeed: 21,
          claimed,
          reference: { variant: 'honest', hardware: REFERENCE_HARDWARE },
          generation: jobs[0]?.order as GenerationOrder,
        }),
      ).rejects.toThrow(/claimed\.batch: a decoder's serving batch needs every job's generation order/)
    })
  }, 60_000)
})
