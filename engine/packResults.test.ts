import { describe, expect, it } from 'vitest'
import type { InferenceResult } from '../sim/ports.ts'
import { packResults } from './packResults.ts'
import { unpackResults } from './unpackResults.ts'

const result = (n: number, layers: number, seed: number): InferenceResult => ({
  layerDigests: Array.from({ length: layers }, (_, k) => `0x${(seed * 10 + k).toString(16)}` as const),
  resultDigest: `0x${seed.toString(16)}`,
  output: Float32Array.from({ length: n }, (_, k) => seed + k / 8),
  flops: 1000 + seed,
})

describe('packResults', () => {
  it('packs a batch that unpackResults gives back job by job, outputs in one buffer', () => {
    const batch = [result(3, 0, 1), result(0, 2, 2), result(5, 4, 3), result(1, 0, 4)]
    const packed = packResults(batch)
    expect(packed.outputs).toHaveLength(9)
    const back = unpackResults(structuredClone(packed, { transfer: [packed.outputs.buffer] }))
    expect(back).toEqual(batch)
    expect(new Set(back.map((r) => r.output.buffer)).size).toBe(1)
  })

  it('packs an empty batch', () => {
    expect(unpackResults(packResults([]))).toEqual([])
  })
})
