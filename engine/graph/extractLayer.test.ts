import { describe, expect, it } from 'vitest'
import { type CheatParams, REFERENCE_HARDWARE } from '../../sim/index.ts'
import { buildMlp } from '../build/buildMlp.ts'
import { buildTransformer } from '../build/buildTransformer.ts'
import type { BuiltModel } from '../build/types.ts'
import { inputFromSeed } from '../run/inputFromSeed.ts'
import { openLayer } from '../run/openLayer.ts'
import { openVariant } from '../run/openVariant.ts'
import { extractLayer } from './extractLayer.ts'

const cheats: CheatParams = { skipLayers: 1, noiseScale: 1, substituteWidth: 4 }
const models: [string, BuiltModel][] = [
  [
    'mlp',
    buildMlp({ kind: 'mlp', width: 16, depth: 4, inputSize: 6, outputSize: 3, seed: 2, cheats }, 'honest'),
  ],
  [
    'transformer',
    buildTransformer(
      { kind: 'transformer', dModel: 16, heads: 2, blocks: 3, seqLen: 5, ffMult: 2, seed: 2, cheats },
      'honest',
    ),
  ],
]

describe('extractLayer', () => {
  it.each(models)('splits the %s into layers whose FLOPs add up to the whole', (_, honest) => {
    const layers = honest.checkpointNames.map((_, i) => extractLayer(honest, i + 1))
    expect(layers.reduce((sum, layer) => sum + layer.flops, 0)).toBe(honest.flops)
    expect(layers[0]?.inputShape).toEqual(honest.inputShape)
    expect(layers.map((layer) => layer.outputShape)).toEqual(honest.checkpointShapes)
  })

  it.each(models)(
    're-executes each %s layer to the full model’s checkpoint, bit for bit',
    async (_, honest) => {
      const full = await openVariant(honest, REFERENCE_HARDWARE)
      const checkpoints = await full.run(7)
      let previous = inputFromSeed(
        7,
        honest.inputShape.reduce((p, d) => p * d, 1),
      )
      for (const [i, expected] of checkpoints.entries()) {
        const layer = await openLayer(extractLayer(honest, i + 1), REFERENCE_HARDWARE)
        expect(await layer.run(previous)).toEqual(expected)
        await layer.release()
        previous = expected
      }
      await full.release()
    },
  )
})
