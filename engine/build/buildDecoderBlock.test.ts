import { describe, expect, it } from 'vitest'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import { openDecoder } from '../run/openDecoder.ts'
import { openDecoderBlock } from '../run/openDecoderBlock.ts'
import { buildDecoder } from './buildDecoder.ts'
import { buildDecoderBlock } from './buildDecoderBlock.ts'
import type { DecoderSpec } from './decoderTypes.ts'
import { evaluateFlops } from './evaluateFlops.ts'

const spec: DecoderSpec = { vocab: 64, width: 32, heads: 4, blocks: 3, context: 32, ffMult: 2, seed: 5 }

const maxDistance = (a: Float32Array, b: Float32Array) => {
  expect(a.length).toBe(b.length)
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)))
  return worst
}

describe('buildDecoderBlock', () => {
  it('re-executes each block of the prefill alone, from the state before it, with the same weights', async () => {
    const tokens = [3, 14, 15, 9, 26, 5, 35, 8, 9, 7]
    const decoder = await openDecoder(buildDecoder(spec), REFERENCE_HARDWARE)
    const blocks = await Promise.all(
      [0, 1, 2].map((index) => openDecoderBlock(buildDecoderBlock(spec, index), REFERENCE_HARDWARE)),
    )
    try {
      const pass = await decoder.prefill(tokens)
      expect(pass.blocks).toHaveLength(3)
      const first = await blocks[0]?.run({ tokens }, tokens.length)
      expect(first?.logits).toBeUndefined()
      expect(maxDistance(first?.output as Float32Array, pass.blocks[0] as Float32Array)).toBeLessThan(1e-5)
      const second = await blocks[1]?.run({ state: pass.blocks[0] as Float32Array }, tokens.length)
      expect(maxDistance(second?.output as Float32Array, pass.blocks[1] as Float32Array)).toBeLessThan(1e-5)
      const last = await blocks[2]?.run({ state: pass.blocks[1] as Float32Array }, tokens.length)
      expect(maxDistance(last?.output as Float32Array, pass.hidden)).toBeLessThan(1e-5)
      expect(maxDistance(last?.logits as Float32Array, pass.logits)).toBeLessThan(1e-4)
      // Another block's weights give another state: the check can fail.
      const wrong = await blocks[2]?.run({ state: pass.blocks[0] as Float32Array }, tokens.length)
      expect(maxDistance(wrong?.output as Float32Array, pass.hidden)).toBeGreaterThan(1e-2)
    } finally {
      await Promise.all([decoder.release(), ...blocks.map((block) => block.release())])
    }
    // Three blocks make one prefill, give or take the mask each recomputes.
    const whole = evaluateFlops(buildDecoder(spec).prefillFlops, 20)
    const parts = [0, 1, 2].reduce((sum, i) => sum + evaluateFlops(buildDecoderBlock(spec, i).flops, 20), 0)
    expect(Math.abs(parts / whole - 1)).toBeLessThan(0.01)
    expect(() => buildDecoderBlock(spec, 3)).toThrow(/block must be in \[0, 2\], got 3/)
  })
})
