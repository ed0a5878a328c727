import { describe, expect, it } from 'vitest'
import type { MlpModelSpec, TransformerModelSpec } from '../../sim/index.ts'
import { buildMlp } from '../build/buildMlp.ts'
import { buildTransformer } from '../build/buildTransformer.ts'
import { describeModel } from '../files/describeModel.ts'
import { countParameters } from './countParameters.ts'

const cheats = { skipLayers: 1, noiseScale: 0.5, substituteWidth: 6 }

describe('countParameters', () => {
  it('counts an MLP’s weights and biases', async () => {
    const spec: MlpModelSpec = {
      kind: 'mlp',
      width: 8,
      depth: 3,
      inputSize: 4,
      outputSize: 2,
      seed: 1,
      cheats,
    }
    // (4×8 + 8) + 2 × (8×8 + 8) + (8×2 + 2)
    expect(countParameters(buildMlp(spec, 'honest').model)).toBe(202)
    expect(countParameters(buildMlp(spec, 'honest', { weights: false }).model)).toBe(202)
    expect((await describeModel(spec)).parameters).toBe(202)
  })

  it('counts a transformer’s projections and norms, not its scalar score scale or shapes', async () => {
    const spec: TransformerModelSpec = {
      kind: 'transformer',
      dModel: 16,
      heads: 2,
      blocks: 3,
      seqLen: 4,
      ffMult: 2,
      seed: 3,
      cheats,
    }
    // Per block: Q, K, V, O (4 × 16²), the feed-forward pair (2 × 16 × 32), two norms (4 × 16).
    const perBlock = 4 * 16 * 16 + 2 * 16 * 32 + 4 * 16
    expect(countParameters(buildTransformer(spec, 'honest').model)).toBe(3 * perBlock)
    expect((await describeModel(spec)).parameters).toBe(3 * perBlock)
  })
})
