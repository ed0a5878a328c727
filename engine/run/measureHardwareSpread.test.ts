import { describe, expect, it } from 'vitest'
import { REFERENCE_HARDWARE as REFERENCE, type RunRef } from '../../sim/index.ts'
import { measureHardwareSpread } from './measureHardwareSpread.ts'

const cheats = { skipLayers: 1, noiseScale: 1, substituteWidth: 8 }
/** The scenario schema's default models. */
const specs = [
  { kind: 'mlp', width: 64, depth: 8, inputSize: 32, outputSize: 16, seed: 1, cheats },
  { kind: 'transformer', dModel: 64, heads: 4, blocks: 4, seqLen: 16, ffMult: 4, seed: 1, cheats },
] as const
const runs: RunRef[] = [
  { variant: 'honest', hardware: { ...REFERENCE, threads: 2 } },
  { variant: 'honest', hardware: { ...REFERENCE, optimization: 'disabled' } },
  { variant: 'honest', hardware: { ...REFERENCE, fp16Weights: true } },
  { variant: 'int8', hardware: REFERENCE },
]
const seeds = [1, 2, 3, 4, 5, 6, 7, 8]

describe('measureHardwareSpread', () => {
  it.each(specs)(
    'puts fp16 weights far from exact equality and well inside 5e-3, int8 outside ($kind)',
    async (spec) => {
      const [threads, unoptimized, fp16, int8] = await measureHardwareSpread(spec, runs, seeds)
      // At these sizes thread count and graph optimization do not change a bit.
      expect(threads?.identical).toBe(true)
      expect(unoptimized?.identical).toBe(true)
      expect(fp16?.identical).toBe(false)
      expect(fp16?.differing).toBeGreaterThan((fp16?.values ?? 0) / 4)
      expect(fp16?.maxRel).toBeGreaterThan(1e-4)
      expect(fp16?.maxRel).toBeLessThan(2.5e-3)
      expect(fp16?.layerMaxRel).toBeLessThan(1e-3)
      expect(int8?.leastMaxRel).toBeGreaterThan(5e-3)
      expect(int8?.firstLayerLeastRel).toBeGreaterThan(3e-3)
    },
  )
})
