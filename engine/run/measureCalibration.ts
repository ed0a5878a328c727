import type { MlpModelSpec, TransformerModelSpec } from '../../sim/index.ts'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import { buildModel } from '../build/buildModel.ts'
import { openVariant } from './openVariant.ts'

/** Wall time in milliseconds; injected so the statistics can be tested without a clock. */
export type Clock = { now(): number }

export type FamilyCalibration = {
  /** Median over the measured sizes of (seconds per run ÷ FLOPs per run). */
  secondsPerFlop: number
  flopsPerSecond: number
  sizes: { flops: number; secondsPerRun: number }[]
}

export type Calibration = { mlp: FamilyCalibration; transformer: FamilyCalibration }

const cheats = { skipLayers: 1, noiseScale: 1, substituteWidth: 8 }

/** Sizes from ~1e5 to ~1e8 FLOPs: small enough to measure in seconds, large enough to amortize call overhead. */
export const CALIBRATION_MODELS: { mlp: MlpModelSpec[]; transformer: TransformerModelSpec[] } = {
  mlp: [64, 256, 1024].map((width) => ({
    kind: 'mlp',
    width,
    depth: 8,
    inputSize: width,
    outputSize: 16,
    seed: 1,
    cheats,
  })),
  transformer: [
    [32, 16],
    [64, 32],
    [128, 64],
  ].map(([dModel, seqLen]) => ({
    kind: 'transformer',
    dModel: dModel as number,
    heads: 4,
    blocks: 4,
    seqLen: seqLen as number,
    ffMult: 4,
    seed: 1,
    cheats,
  })),
}

/**
 * Seconds per FLOP of real onnxruntime inference for each built-in model family, on one thread
 * with the reference configuration: what a scenario's `costPerFlop: calibrated` and
 * `speed: calibrated` are derived from. Each size runs until `budgetMs` has passed (at least 5
 * runs) after a warm-up, and the median of the per-size rates is kept, so one noisy size does
 * not move the result.
 */
export async function measureCalibration(
  clock: Clock,
  options: { budgetMs: number } = { budgetMs: 300 },
): Promise<Calibration> {
  const measure = async (specs: (MlpModelSpec | TransformerModelSpec)[]): Promise<FamilyCalibration> => {
    const sizes: FamilyCalibration['sizes'] = []
    for (const spec of specs) {
      const open = await openVariant(buildModel(spec, 'honest'), REFERENCE_HARDWARE)
      try {
        for (let i = 0; i < 3; i++) await open.run(i)
        let runs = 0
        const start = clock.now()
        while (runs < 5 || clock.now() - start < options.budgetMs) await open.run(runs++)
        sizes.push({ flops: open.flops, secondsPerRun: (clock.now() - start) / 1000 / runs })
      } finally {
        await open.release()
      }
    }
    const rates = sizes.map((s) => s.secondsPerRun / s.flops).sort((a, b) => a - b)
    const secondsPerFlop = rates[Math.floor(rates.length / 2)] as number
    return { secondsPerFlop, flopsPerSecond: 1 / secondsPerFlop, sizes }
  }
  return {
    mlp: await measure(CALIBRATION_MODELS.mlp),
    transformer: await measure(CALIBRATION_MODELS.transformer),
  }
}
