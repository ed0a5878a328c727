import { type HardwareSpread, measureHardwareSpread } from '../engine/index.ts'
import { InputError } from '../errors/index.ts'
import { type HardwareProfile, REFERENCE_HARDWARE, type RunRef, type RunSpec } from '../sim/index.ts'

/** Inputs the spread is measured on: fixed, so the same scenario gets the same tolerance. */
export const AUTO_TOLERANCE_SEEDS = [1, 2, 3, 4]

/**
 * Stands in for a spread of 0 (every profile bit-identical): a tolerance of 0 would mean exact
 * comparison, which auto never asks for, and 1e-6 still sits far below any cheat's change.
 */
export const AUTO_TOLERANCE_FLOOR = 1e-6

/** Measured spreads by model and hardware set, shared by the runs of a sweep. */
export type AutoToleranceCache = Map<string, Promise<number>>

/**
 * A spec whose `tolerance: auto` is measured on its real model (built in, or read from its .onnx
 * file and fed on its declared input): the largest honest gap (all
 * checkpoints, and the referee's one-layer view) between each host hardware profile and the
 * verifiers' hardware, and between each of those and the reference profile, over
 * AUTO_TOLERANCE_SEEDS, times the margin. The computation is deterministic on one machine, but
 * another CPU (other SIMD kernels) can measure another spread: the manifest and summary record
 * the figure used, so a run is reproducible from them. A spec without auto is returned as is.
 */
export async function resolveAutoTolerance(
  spec: RunSpec,
  cache: AutoToleranceCache = new Map(),
): Promise<RunSpec> {
  const auto = spec.toleranceAuto
  if (!auto || auto.measured) return spec
  const { model } = spec
  if (model.kind === 'decoder' || model.kind === 'decoderFile')
    throw new InputError(
      `tolerance: auto is measured on forward models (built-in mlp or transformer, or an .onnx file); this model is ${model.kind}`,
      { hint: 'give tolerance a number (e.g. 5e-3)' },
    )
  const verifier = spec.verifiers.hardware
  const hosts = distinct(spec.hosts.hardware.map(({ profile }) => profile))
  const key = JSON.stringify([model, hosts, verifier])
  let measuring = cache.get(key)
  if (!measuring) {
    const honest = (hardware: HardwareProfile): RunRef => ({ variant: 'honest', hardware })
    measuring = Promise.all([
      measureHardwareSpread(model, hosts.map(honest), AUTO_TOLERANCE_SEEDS, honest(verifier)),
      measureHardwareSpread(
        model,
        distinct([...hosts, verifier]).map(honest),
        AUTO_TOLERANCE_SEEDS,
        honest(REFERENCE_HARDWARE),
      ),
    ]).then((groups) => Math.max(0, ...groups.flat().map(worstGap)))
    cache.set(key, measuring)
  }
  const spread = await measuring
  const floored = spread === 0
  return {
    ...spec,
    tolerance: (floored ? AUTO_TOLERANCE_FLOOR : spread) * auto.margin,
    toleranceAuto: { margin: auto.margin, measured: { spread, floored } },
  }
}

/** What an honest run needs the tolerance to cover: the full comparison and the referee's. */
function worstGap(spread: HardwareSpread): number {
  return Math.max(spread.maxRel, spread.layerMaxRel)
}

function distinct(profiles: HardwareProfile[]): HardwareProfile[] {
  return [...new Map(profiles.map((p) => [JSON.stringify(p), p])).values()]
}
