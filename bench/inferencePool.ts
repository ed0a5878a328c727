import { buildModel, createInferencePool, openVariant } from '../engine/index.ts'
import { type MlpModelSpec, REFERENCE_HARDWARE, type TransformerModelSpec } from '../sim/ports.ts'
import { type BenchResult, type Clock, rate } from './measure.ts'

const cheats = { skipLayers: 1, noiseScale: 1, substituteWidth: 8 }

export const SMALL: MlpModelSpec = {
  kind: 'mlp',
  width: 64,
  depth: 8,
  inputSize: 64,
  outputSize: 16,
  seed: 1,
  cheats,
}
export const LARGE: TransformerModelSpec = {
  kind: 'transformer',
  dModel: 256,
  heads: 4,
  blocks: 4,
  seqLen: 128,
  ffMult: 4,
  seed: 1,
  cheats,
}

/**
 * Jobs per second through the piscina pool with N workers (each task: build-once session, run,
 * digest every checkpoint) against N bare onnxruntime sessions on the same model and thread
 * settings, run directly from this thread with N calls in flight.
 */
export async function benchInferencePool(clock: Clock, workers = 2): Promise<BenchResult[]> {
  const results: BenchResult[] = []
  for (const [label, spec, jobs] of [
    ['small', SMALL, 6000],
    ['large', LARGE, 60],
  ] as const) {
    const bare = await Promise.all(
      Array.from({ length: workers }, () => openVariant(buildModel(spec, 'honest'), REFERENCE_HARDWARE)),
    )
    for (const s of bare) await s.run(0)
    const direct = await rate(clock, jobs, async () => {
      let next = 0
      await Promise.all(
        bare.map(async (session) => {
          while (next < jobs) await session.run(next++)
        }),
      )
    })
    for (const s of bare) await s.release()

    const pool = createInferencePool({ workers, tolerance: 5e-3 })
    const model = await pool.load(spec)
    const viaPool = await rate(clock, jobs, async () => {
      let next = 0
      // Many requests in flight, as the simulator makes them between two blocks.
      await Promise.all(
        Array.from({ length: 256 }, async () => {
          while (next < jobs) {
            await pool.infer({
              modelId: model.id,
              variant: 'honest',
              hardware: REFERENCE_HARDWARE,
              inputSeed: next++,
            })
          }
        }),
      )
    })
    await pool.close()
    const ratio = viaPool.perSecond / direct.perSecond
    results.push({
      name: `inference pool (${label}, ${model.variants.honest.flops.toExponential(1)} FLOPs, ${workers} workers)`,
      ratio,
      goal: '>= 0.9',
      met: ratio >= 0.9,
      measured: { jobs_per_second: viaPool.perSecond },
      baseline: { jobs_per_second: direct.perSecond },
    })
  }
  return results
}
