import { buildModel, openBatchedVariant, openVariant } from '../engine/index.ts'
import { InputError } from '../errors/index.ts'
import {
  type HardwareProfile,
  type MlpModelSpec,
  REFERENCE_HARDWARE,
  type TransformerModelSpec,
} from '../sim/index.ts'

/** How far a job's output in a batch of `size` sits from the same job run alone. */
export type BatchGap = {
  size: number
  /**
   * Largest relative gap over the measured jobs: max |batched − alone| over a job's final output
   * ÷ max |alone| over it (relative to the output's scale, so values near 0 cannot blow it up).
   */
  maxRelativeGap: number
  /** Largest absolute |batched − alone| of any output value. */
  maxAbsoluteGap: number
  /** Jobs whose final output differs in at least one bit: what exact (tolerance 0) checking sees. */
  jobsDiffering: number
  /**
   * Jobs whose final output in this batch differs in a bit from the same job in a batch of one of
   * the batched graph: the part of the gap due to the batch's size and company, not to the
   * batched graph's form.
   */
  jobsDifferingFromBatchOfOne: number
  jobs: number
}

export type BatchSpread = {
  hardware: HardwareProfile
  gaps: BatchGap[]
}

/** The batch sizes issue 19 asks for. */
export const BATCH_SIZES = [1, 2, 4, 8, 16, 32] as const

/** Seeds of the measured jobs: apart from the simulations' request seeds. */
const SPREAD_SEED_BASE = 0x6a7c4000

/**
 * Batch-dependent numerics, measured on real onnxruntime (issue 19): for each batch size, a batch
 * of that many distinct jobs runs as ONE session run of the batched graph, and every job's final
 * output is compared with the same job run alone through the unbatched graph on the same
 * hardware profile, as a verifier re-running it alone would see it. A zero gap is a measurement
 * too: the kernels gave identical bits whatever the batch.
 */
export async function measureBatchSpread(
  spec: MlpModelSpec | TransformerModelSpec,
  options: { hardware?: HardwareProfile; sizes?: readonly number[] } = {},
): Promise<BatchSpread> {
  const hardware = options.hardware ?? REFERENCE_HARDWARE
  const sizes = options.sizes ?? BATCH_SIZES
  for (const size of sizes) {
    if (!(Number.isSafeInteger(size) && size >= 1))
      throw new InputError(`batch sizes must be whole numbers ≥ 1, got ${size}`)
  }
  const alone = await openVariant(buildModel(spec, 'honest'), hardware)
  const batched = await openBatchedVariant(
    buildModel(spec, 'honest', { weights: true, batched: true }),
    hardware,
  )
  try {
    const gaps: BatchGap[] = []
    for (const size of sizes) {
      const seeds = Array.from({ length: size }, (_, i) => SPREAD_SEED_BASE + i)
      const rows = await batched.runBatch(seeds)
      const gap: BatchGap = {
        size,
        maxRelativeGap: 0,
        maxAbsoluteGap: 0,
        jobsDiffering: 0,
        jobsDifferingFromBatchOfOne: 0,
        jobs: size,
      }
      for (const [i, seed] of seeds.entries()) {
        const own = (await alone.run(seed)).at(-1) as Float32Array
        const inBatch = (rows[i] as Float32Array[]).at(-1) as Float32Array
        let scale = 0
        let worst = 0
        let differs = false
        for (let k = 0; k < own.length; k++) {
          const a = own[k] as number
          const b = inBatch[k] as number
          scale = Math.max(scale, Math.abs(a))
          worst = Math.max(worst, Math.abs(b - a))
          // Bits, not values: exact checking hashes raw float32 bits (−0 and 0 differ there too).
          if (!Object.is(a, b)) differs = true
        }
        if (differs) gap.jobsDiffering++
        const single = ((await batched.runBatch([seed]))[0] as Float32Array[]).at(-1) as Float32Array
        if (single.some((value, k) => !Object.is(value, inBatch[k]))) gap.jobsDifferingFromBatchOfOne++
        gap.maxAbsoluteGap = Math.max(gap.maxAbsoluteGap, worst)
        gap.maxRelativeGap = Math.max(gap.maxRelativeGap, scale > 0 ? worst / scale : worst)
      }
      gaps.push(gap)
    }
    return { hardware, gaps }
  } finally {
    await Promise.all([alone.release(), batched.release()])
  }
}
