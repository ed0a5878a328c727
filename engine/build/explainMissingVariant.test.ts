import { describe, expect, it } from 'vitest'
import type { MlpModelSpec } from '../../sim/index.ts'
import { explainMissingVariant } from './explainMissingVariant.ts'

const cheats = { skipLayers: 2, noiseScale: 1, substituteWidth: 4 }
const mlp: MlpModelSpec = { kind: 'mlp', width: 8, depth: 3, inputSize: 4, outputSize: 2, seed: 1, cheats }

describe('explainMissingVariant', () => {
  it('gives a built model every variant whose skip count fits', () => {
    for (const variant of ['honest', 'skip', 'int8', 'substitute', 'noise'] as const) {
      expect(explainMissingVariant(mlp, variant)).toBeUndefined()
    }
    expect(explainMissingVariant({ ...mlp, cheats: { ...cheats, skipLayers: 3 } }, 'skip')).toMatch(
      /\[1, 3\)/,
    )
    expect(explainMissingVariant({ ...mlp, cheats: { ...cheats, skipLayers: 0 } }, 'skip')).toMatch(
      /skipLayers is 0/,
    )
  })

  it('gives a file model honest, int8 and noise only', () => {
    const file = { kind: 'file', path: '/m.onnx', cheats } as const
    expect(explainMissingVariant(file, 'int8')).toBeUndefined()
    expect(explainMissingVariant(file, 'noise')).toBeUndefined()
    expect(explainMissingVariant(file, 'substitute')).toBe(
      'model.file: /m.onnx has no substitute variant (a file model runs honest, int8 or noise)',
    )
  })
})
