import { InputError } from '../../errors/index.ts'
import { type ForwardModelSpec, REFERENCE_HARDWARE, type RunRef } from '../../sim/index.ts'
import { buildModel } from '../build/buildModel.ts'
import { explainMissingVariant } from '../build/explainMissingVariant.ts'
import { quantizeWeights } from '../build/quantizeWeights.ts'
import type { BuiltModel, BuiltVariant, OpenVariant } from '../build/types.ts'
import { loadModelFile } from '../files/loadModelFile.ts'
import { extractLayer } from '../graph/extractLayer.ts'
import { inputFromSeed } from './inputFromSeed.ts'
import { type OpenLayer, openLayer } from './openLayer.ts'
import { openNoise } from './openNoise.ts'
import { openVariant } from './openVariant.ts'

/**
 * How far one run strays from the reference run, over all checkpoints and seeds. "rel" is
 * |a − b| / (1 + |b|), the measure compareCheckpoint bounds, so a run passes a tolerance check
 * exactly when the tolerance is at least its rel.
 */
export type HardwareSpread = {
  run: RunRef
  /** Every value of every checkpoint bit-identical to the reference: exact hashes would match. */
  identical: boolean
  /** Values whose bits differ from the reference, of `values` compared. */
  differing: number
  values: number
  maxAbs: number
  /** Worst seed: an honest run needs a tolerance at least this large. */
  maxRel: number
  /** Best seed: a tolerance below this catches the run on every seed. */
  leastMaxRel: number
  /** The referee's view, worst layer and seed: one layer re-executed on the run's own checkpoints. */
  layerMaxRel: number
  /** The referee's view of layer 1 on the best seed: where a bisection game over a cheat lands. */
  firstLayerLeastRel: number
}

/**
 * Measures, in the calling thread, how different hardware profiles (or cheats) change a forward
 * model's checkpoints, built-in or read from an .onnx file (fed on its declared input shape, as
 * the pool feeds it): the numbers that decide whether exact hashes falsely slash honest hosts and
 * which tolerance separates honest hardware from cheats.
 */
export async function measureHardwareSpread(
  spec: ForwardModelSpec,
  runs: RunRef[],
  seeds: number[],
  reference: RunRef = { variant: 'honest', hardware: REFERENCE_HARDWARE },
): Promise<HardwareSpread[]> {
  const honest = spec.kind === 'file' ? (await loadModelFile(spec.path)).model : buildModel(spec, 'honest')
  const open = (run: RunRef): Promise<OpenVariant> =>
    run.variant === 'noise'
      ? Promise.resolve(openNoise(honest.checkpointShapes, spec.cheats.noiseScale))
      : openVariant(variantOf(spec, honest, run.variant as BuiltVariant), run.hardware)
  const referee = await Promise.all(
    honest.checkpointNames.map((_, i) => openLayer(extractLayer(honest, i + 1), reference.hardware)),
  )
  const base = await open(reference)
  const baseRuns = await Promise.all(seeds.map((seed) => base.run(seed)))
  const spreads: HardwareSpread[] = []
  for (const run of runs) {
    const variant = await open(run)
    const spread = {
      run,
      identical: true,
      differing: 0,
      values: 0,
      maxAbs: 0,
      maxRel: 0,
      leastMaxRel: Infinity,
      layerMaxRel: 0,
      firstLayerLeastRel: Infinity,
    }
    for (const [s, seed] of seeds.entries()) {
      const checkpoints = await variant.run(seed)
      const input = inputFromSeed(seed, size(honest.inputShape))
      let seedRel = 0
      for (const [i, values] of checkpoints.entries()) {
        const expected = baseRuns[s]?.[i] ?? new Float32Array()
        const stats = differences(values, expected)
        spread.differing += stats.differing
        spread.values += values.length
        spread.maxAbs = Math.max(spread.maxAbs, stats.maxAbs)
        seedRel = Math.max(seedRel, stats.maxRel)
        const layerRel = await refereeGap(referee[i], i === 0 ? input : checkpoints[i - 1], values)
        spread.layerMaxRel = Math.max(spread.layerMaxRel, layerRel)
        if (i === 0) spread.firstLayerLeastRel = Math.min(spread.firstLayerLeastRel, layerRel)
      }
      spread.maxRel = Math.max(spread.maxRel, seedRel)
      spread.leastMaxRel = Math.min(spread.leastMaxRel, seedRel)
    }
    spread.identical = spread.differing === 0
    spreads.push(spread)
    await variant.release()
  }
  await Promise.all([base.release(), ...referee.map((layer) => layer.release())])
  return spreads
}

/** A variant as the pool's workers build it: a file's int8 is its honest graph quantized. */
function variantOf(spec: ForwardModelSpec, honest: BuiltModel, variant: BuiltVariant): BuiltModel {
  if (variant === 'honest') return honest
  if (spec.kind !== 'file') return buildModel(spec, variant)
  const missing = explainMissingVariant(spec, variant)
  if (missing) throw new InputError(missing)
  return quantizeWeights(honest)
}

/** The referee's one-layer error; a checkpoint the layer cannot even read is infinitely far. */
async function refereeGap(
  layer: OpenLayer | undefined,
  before: Float32Array | undefined,
  after: Float32Array,
) {
  if (!layer || !before || before.length !== size(layer.inputShape)) return Infinity
  return differences(after, await layer.run(before)).maxRel
}

function size(shape: number[]): number {
  return shape.reduce((product, dim) => product * dim, 1)
}

/** Bits that differ, and the largest absolute and relative gaps; a size mismatch is infinitely far. */
function differences(values: Float32Array, expected: Float32Array) {
  if (values.length !== expected.length)
    return { differing: values.length, maxAbs: Infinity, maxRel: Infinity }
  let differing = 0
  let maxAbs = 0
  let maxRel = 0
  for (let i = 0; i < values.length; i++) {
    const a = values[i] as number
    const b = expected[i] as number
    if (!Object.is(a, b)) differing++
    const gap = Math.abs(a - b)
    maxAbs = Math.max(maxAbs, gap)
    maxRel = Math.max(maxRel, gap / (1 + Math.abs(b)))
  }
  return { differing, maxAbs, maxRel }
}
