import { cpus } from 'node:os'
import {
  type DecoderPhaseSize,
  type FamilyCalibration,
  measureCalibration,
  measureDecoderPhases,
} from '../engine/index.ts'
import { writeFileAtomic } from '../reports/index.ts'
import { decodeStepCost, describeDecoder, prefillCost, thisMachineCpu } from '../sim/index.ts'

/** Milliseconds of timed runs per model size: long enough to average out a busy machine. */
export const DEFAULT_CALIBRATION_MS = 500

/**
 * The cost model's roofline against the real runs it was fitted from, at the decoder named in
 * `model`: sim/cost's prefill and decode-step seconds with this machine's profile, beside the
 * measured medians. It shows how far one pair of rates (medians over three decoder sizes) and
 * the cost model's arithmetic reproduce one of those sizes here; it is not a test on other
 * sizes or machines.
 */
export type RooflineCheck = {
  predictedPrefillSeconds: number
  measuredPrefillSeconds: number
  /** Per decode step (one generated token), averaged over the steps timed. */
  predictedDecodeSeconds: number
  measuredDecodeSeconds: number
}

/**
 * Both phases of generation on this machine, one thread: what a scenario's
 * `economics.generationCost.hardware: this-machine` is priced with (sim/cost thisMachineCpu
 * takes flopsPerSecond and bytesPerSecond).
 */
export type GenerationCalibration = {
  /** Prefill FLOPs ÷ seconds: median over the decoder sizes measured. */
  flopsPerSecond: number
  /** Bytes a decode step reads and writes ÷ seconds: median over the decoder sizes measured. */
  bytesPerSecond: number
  /** Tokens of the prefill ÷ its seconds, at `model`. */
  prefillTokensPerSecond: number
  /** Seconds of one decode step, at `model`. */
  decodeSecondsPerToken: number
  /** The decoder the two figures above and `check` are for, e.g. "decoder w256 b4 ctx256". */
  model: string
  check: RooflineCheck
}

export type CalibrationFile = {
  machine: string
  measured_at: string
  families: Record<'mlp' | 'transformer', Pick<FamilyCalibration, 'secondsPerFlop' | 'flopsPerSecond'>>
  sizes: Record<'mlp' | 'transformer', FamilyCalibration['sizes']>
  generation: GenerationCalibration
}

export type CalibrateOptions = {
  /** Where to write the calibration (a scenario's `calibration:` path reads it); not written when absent. */
  out?: string
  /**
   * Milliseconds of timed runs per model size (default DEFAULT_CALIBRATION_MS); each forward
   * model size runs at least five times, each decoder size at least three prefills and decodes.
   */
  budgetMs?: number
}

/**
 * Measure this machine on one thread of real onnxruntime: seconds per FLOP of inference for each
 * built-in model family (what scenarios that set `costPerFlop: calibrated` or `speed: calibrated`
 * run on) and the prefill FLOP/s and decode bytes/s of generation (`generation`). Returns what
 * calibration.json holds, and writes it to `out` when given.
 */
export async function calibrate(options: CalibrateOptions = {}): Promise<CalibrationFile> {
  const budgetMs = options.budgetMs ?? DEFAULT_CALIBRATION_MS
  const clock = { now: () => performance.now() }
  const result = await measureCalibration(clock, { budgetMs })
  const phases = await measureDecoderPhases(clock, { budgetMs })
  const named = phases.sizes[phases.sizes.length - 1] as DecoderPhaseSize
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
    generation: {
      flopsPerSecond: phases.flopsPerSecond,
      bytesPerSecond: phases.bytesPerSecond,
      prefillTokensPerSecond: named.prefillTokens / named.prefillSeconds,
      decodeSecondsPerToken: named.decodeSecondsPerStep,
      model: named.model,
      check: checkRoofline(phases.flopsPerSecond, phases.bytesPerSecond, named),
    },
  }
  if (options.out !== undefined) writeFileAtomic(options.out, `${JSON.stringify(file, null, 2)}\n`)
  return file
}

/**
 * Prices the measured decoder as a run prices a built-in one (sim/createGeneration: its weight
 * count in the params form, float32 weights and cache) on this machine's profile, so the
 * prediction is the one scenarios with `hardware: this-machine` get.
 */
function checkRoofline(
  flopsPerSecond: number,
  bytesPerSecond: number,
  size: DecoderPhaseSize,
): RooflineCheck {
  const { spec, prefillTokens, decodeSteps } = size
  const decoder = describeDecoder({
    params: size.parameters,
    width: spec.width,
    blocks: spec.blocks,
    context: spec.context,
    bytesPerWeight: 4,
    kvBytesPerElement: 4,
  })
  const hardware = thisMachineCpu({ flopsPerSecond, bytesPerSecond })
  let decodeSeconds = 0
  for (let position = prefillTokens; position < prefillTokens + decodeSteps; position++)
    decodeSeconds += decodeStepCost(decoder, hardware, position).seconds
  return {
    predictedPrefillSeconds: prefillCost(decoder, hardware, prefillTokens).seconds,
    measuredPrefillSeconds: size.prefillSeconds,
    predictedDecodeSeconds: decodeSeconds / decodeSteps,
    measuredDecodeSeconds: size.decodeSecondsPerStep,
  }
}
