import type { HonestNull, InferencePort, RunSpec } from '../sim/index.ts'
import { calibrateHonestNull } from './calibrateHonestNull.ts'

/**
 * The honest null of every decoder a run's jobs may ask for, each measured on its own real model
 * (calibrateHonestNull): the run's model first, then a catalog's further decoders in catalog
 * order, as SimIO.honestNull and SimIO.honestNulls take them. Empty when protocol.detection is off.
 */
export async function calibrateHonestNulls(inference: InferencePort, spec: RunSpec): Promise<HonestNull[]> {
  if (!spec.protocol.detection) return []
  const nulls = [await calibrateHonestNull(inference, spec)]
  // A catalog is all decoders or all forward models: a decoder first means decoders throughout.
  if (spec.workload)
    for (const entry of spec.catalog?.models.slice(1) ?? [])
      nulls.push(await calibrateHonestNull(inference, { ...spec, model: entry.model }))
  return nulls
}
