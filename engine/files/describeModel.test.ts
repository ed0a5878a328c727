import { describe, expect, it } from 'vitest'
import type { TransformerModelSpec } from '../../sim/index.ts'
import { buildTransformer } from '../build/buildTransformer.ts'
import { describeModel } from './describeModel.ts'

const spec: TransformerModelSpec = {
  kind: 'transformer',
  dModel: 16,
  heads: 2,
  blocks: 3,
  seqLen: 4,
  ffMult: 2,
  seed: 3,
  cheats: { skipLayers: 1, noiseScale: 0.5, substituteWidth: 6 },
}

describe('describeModel', () => {
  it('costs each variant from a skeleton exactly as from the built model', async () => {
    const info = await describeModel(spec)
    for (const variant of ['honest', 'skip', 'int8', 'substitute'] as const) {
      expect(info.variants[variant]?.flops, variant).toBe(buildTransformer(spec, variant).flops)
    }
    expect(info.variants.noise?.flops).toBe(3 * 4 * 16)
    expect(info.layerFlops).toHaveLength(3)
    expect(info.id).toBe('transformer:d16:h2:b3:n4:f2:s3:k1:n0.5:u6')
    expect((await describeModel({ ...spec })).hash).toBe(info.hash)
    expect((await describeModel({ ...spec, seed: 4 })).hash).not.toBe(info.hash)
  })
})
