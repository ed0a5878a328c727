import { Tensor } from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { REFERENCE_HARDWARE, type TransformerModelSpec } from '../../sim/index.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { inputFromSeed } from '../run/inputFromSeed.ts'
import { openSession } from '../run/openSession.ts'
import { buildTransformer } from './buildTransformer.ts'

const spec: TransformerModelSpec = {
  kind: 'transformer',
  dModel: 32,
  heads: 4,
  blocks: 3,
  seqLen: 8,
  ffMult: 4,
  seed: 9,
  cheats: { skipLayers: 1, noiseScale: 1, substituteWidth: 12 },
}

/**
 * One block, term by term: two LayerNorms (7/element), Q K V O projections, attention scores and
 * context (2·s²·w each), the score scaling and Softmax (1 + 5 per score), two residual Adds, the
 * MLP's two matmuls and its Gelu (5/element).
 */
function block(s: number, w: number, h: number, ff: number): number {
  return 14 * s * w + 8 * s * w * w + 4 * s * s * w + 6 * h * s * s + 2 * s * w + 4 * s * w * ff + 5 * s * ff
}
const honestFlops = (t: TransformerModelSpec, blocks = t.blocks) =>
  blocks * block(t.seqLen, t.dModel, t.heads, t.ffMult * t.dModel)

describe('buildTransformer', () => {
  it('counts FLOPs from the graph exactly as the closed form, attention included', () => {
    expect(buildTransformer(spec, 'honest').flops).toBe(honestFlops(spec))
    expect(buildTransformer(spec, 'skip').flops).toBe(honestFlops(spec, 2))
    // The substitute keeps 4 heads at width 12 and adds projections in and out.
    const { seqLen: s, dModel: d, ffMult } = spec
    expect(buildTransformer(spec, 'substitute').flops).toBe(4 * s * d * 12 + 3 * block(s, 12, 4, ffMult * 12))
    const lin = (k: number, n: number) => 4 * s * k + Math.ceil((s * k * n) / 2) + 2 * s * n + 1
    const ff = ffMult * d
    const int8Block =
      14 * s * d +
      4 * lin(d, d) +
      4 * s * s * d +
      6 * 4 * s * s +
      2 * s * d +
      lin(d, ff) +
      5 * s * ff +
      lin(ff, d)
    expect(buildTransformer(spec, 'int8').flops).toBe(3 * int8Block)
  })

  it('counts a 10^10-FLOP spec from a skeleton, without generating its weights', () => {
    const big = { ...spec, dModel: 1024, heads: 16, blocks: 2, seqLen: 256 }
    const started = performance.now()
    const skeleton = buildTransformer(big, 'honest', { weights: false })
    expect(skeleton.flops).toBe(honestFlops(big))
    expect(skeleton.flops).toBeGreaterThan(1e10)
    // Only the few scalar constants (score scales) hold data; the 25M weights do not.
    const stored = skeleton.model.graph?.initializer?.reduce(
      (sum, init) => sum + (init.rawData?.length ?? 0),
      0,
    )
    expect(stored).toBeLessThan(100)
    expect(buildTransformer(big, 'int8', { weights: false }).flops).toBeLessThan(skeleton.flops / 3)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('gives every variant one checkpoint per block, built from real attention ops', () => {
    const honest = buildTransformer(spec, 'honest')
    expect(honest.checkpointNames).toEqual(['block0', 'block1', 'block2'])
    expect(honest.checkpointShapes).toEqual([
      [8, 32],
      [8, 32],
      [8, 32],
    ])
    expect(honest.inputShape).toEqual([8, 32])
    const ops = honest.model.graph?.node?.map((node) => node.opType) ?? []
    for (const op of ['LayerNormalization', 'Softmax', 'Gelu', 'Reshape', 'Transpose'])
      expect(ops).toContain(op)
    expect(buildTransformer(spec, 'skip').checkpointNames).toEqual(['block0', 'block1', 'block1'])
    expect(buildTransformer(spec, 'substitute').checkpointShapes).toEqual([
      [8, 12],
      [8, 12],
      [8, 32],
    ])
    // int8 turns the six weight matmuls per block into integer ones; the two attention ones stay float.
    const int8Ops = buildTransformer(spec, 'int8').model.graph?.node?.map((node) => node.opType) ?? []
    expect(int8Ops.filter((op) => op === 'MatMulInteger')).toHaveLength(18)
    expect(int8Ops.filter((op) => op === 'MatMul')).toHaveLength(6)
  })

  it('runs in onnxruntime with activations O(1) through many blocks', async () => {
    const deep = buildTransformer({ ...spec, blocks: 12 }, 'honest')
    const session = await openSession(encodeModel(deep.model), REFERENCE_HARDWARE)
    const outputs = await session.run({ input: new Tensor('float32', inputFromSeed(1, 8 * 32), [8, 32]) })
    for (const name of deep.checkpointNames) {
      const values = outputs[name]?.data as Float32Array
      const rms = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / values.length)
      expect(rms, name).toBeGreaterThan(0.3)
      expect(rms, name).toBeLessThan(3)
    }
    await session.release()
  })

  it('rejects bad specs naming the field', () => {
    expect(() => buildTransformer({ ...spec, dModel: 30 }, 'honest')).toThrow(/model\.dModel/)
    expect(() => buildTransformer({ ...spec, seqLen: 0 }, 'honest')).toThrow(InputError)
    expect(() => buildTransformer({ ...spec, cheats: { ...spec.cheats, skipLayers: 3 } }, 'skip')).toThrow(
      /model\.cheats\.skipLayers/,
    )
  })
})
