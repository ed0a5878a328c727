import { describe, expect, it } from 'vitest'
import { buildMlp } from './buildMlp.ts'
import { readFloats } from './readFloats.ts'
import { roundToFloat16 } from './roundToFloat16.ts'
import { roundWeightsToFloat16 } from './roundWeightsToFloat16.ts'

describe('roundWeightsToFloat16', () => {
  it('rounds every float weight through float16 and changes nothing else', () => {
    const cheats = { skipLayers: 1, noiseScale: 1, substituteWidth: 4 }
    const honest = buildMlp(
      { kind: 'mlp', width: 8, depth: 2, inputSize: 4, outputSize: 2, seed: 5, cheats },
      'honest',
    )
    const rounded = roundWeightsToFloat16(honest.model)
    expect(rounded.graph?.node).toEqual(honest.model.graph?.node)
    const before = honest.model.graph?.initializer ?? []
    const after = rounded.graph?.initializer ?? []
    expect(after.map((t) => [t.name, t.dims])).toEqual(before.map((t) => [t.name, t.dims]))
    for (const [i, tensor] of after.entries()) {
      const original = readFloats(before[i] ?? {}) ?? new Float32Array()
      expect(readFloats(tensor)).toEqual(Float32Array.from(original, roundToFloat16))
      expect(readFloats(tensor)).not.toEqual(original)
    }
  })
})
