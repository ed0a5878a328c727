import { cpus } from 'node:os'
import { type FamilyCalibration, measureCalibration } from '../engine/index.ts'
import { writeFileAtomic } from '../reports/index.ts'

/** Milliseconds of timed runs per model size: long enough to average out a busy machine. */
export const DEFAULT_CALIBRATION_MS = 500

export type CalibrationFile = {
  machine: string
  measured_at: string
  families: Record<'mlp' | 'transformer', Pick<FamilyCalibration, 'secondsPerFlop' | 'flopsPerSecond'>>
  sizes: Record<'mlp' | 'transformer', FamilyCalibration['sizes']>
}

export type CalibrateOptions = {
  /** Where to write the calibration (a scenario's `calibration:` path reads it); not written when absent. */
  out?: string
  /** Milliseconds of timed runs per model size (default DEFAULT_CALIBRATION_MS); each size runs at least five times. */
  budgetMs?: number
}

/**
 * Measure seconds per FLOP of real inference for each built-in model family on this machine, on
 * one thread: what scenarios that set `costPerFlop: calibrated` or `speed: calibrated` run on.
 * Returns what calibration.json holds, and writes it to `out` when given.
 */
export async function calibrate(options: CalibrateOptions = {}): Promise<CalibrationFile> {
  const budgetMs = options.budgetMs ?? DEFAULT_CALIBRATION_MS
  const result = await measureCalibration({ now: () => performance.now() }, { budgetMs })
  const file: CalibrationFile = {
    machine: `${cpus()[0]?.model ?? 'unknown cpu'} (${cpus().length} cores), node ${process.versions.node}`,
    measured_at: new Date().toISOString(),
    families: {
      mlp: { secondsPerFlop: result.mlp.secondsPerFlop, flopsPerSecond: result.mlp.flopsPerSecond },
      transformer: {
        secondsPerFlop: result.transformer.secondsPerFlop,
        flopsPerSecond: result.transformer.flopsPerSecond,
      },
    },
    sizes: { mlp: result.mlp.sizes, transformer: result.transformer.sizes },
  }
  if (options.out !== undefined) writeFileAtomic(options.out, `${JSON.stringify(file, null, 2)}\n`)
  return file
}
