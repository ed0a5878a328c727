import { describe, expect, it } from 'vitest'
import { BaseError } from '../../errors/index.ts'
import { describeDecoder } from './describeDecoder.ts'
import { LLAMA_LIKE_DECODERS } from './llamaLikeDecoders.ts'
import type { DecoderSize } from './types.ts'

const fp16 = { bytesPerWeight: 2, kvBytesPerElement: 2 }

describe('describeDecoder', () => {
  it('counts the published parameter counts of the Llama shapes', () => {
    const billions = LLAMA_LIKE_DECODERS.map(({ name: _, source: __, ...shape }) =>
      Number((describeDecoder({ ...shape, ...fp16 }).params / 1e9).toFixed(2)),
    )
    // Published as 1B, 3B, 7B, 13B and 70B models.
    expect(billions).toEqual([1.24, 3.21, 6.74, 13.02, 68.98])
  })

  it('sizes the KV cache from blocks and key/value width, so grouped-query attention shrinks it', () => {
    const base = { width: 8192, blocks: 80, vocab: 32000, context: 4096, ...fp16 }
    expect(describeDecoder(base).kvBytesPerToken).toBe(2 * 80 * 8192 * 2)
    expect(describeDecoder({ ...base, kvWidth: 1024 }).kvBytesPerToken).toBe(2 * 80 * 1024 * 2)
    expect(describeDecoder({ ...base, kvBytesPerElement: 1 }).kvBytesPerToken).toBe(2 * 80 * 8192)
  })

  it('takes a measured parameter count as it is, and scales weight bytes with the precision', () => {
    const small = describeDecoder({ params: 1_234_567, width: 64, blocks: 2, context: 128, ...fp16 })
    expect(small.params).toBe(1_234_567)
    expect(small.weightBytes).toBe(2 * 1_234_567)
    const int4 = describeDecoder({
      params: 1_234_567,
      width: 64,
      blocks: 2,
      context: 128,
      ...fp16,
      bytesPerWeight: 0.5,
    })
    expect(int4.weightBytes).toBe(0.5 * 1_234_567)
  })

  it('refuses shapes that would give NaN or Infinity, naming the field', () => {
    const base: DecoderSize = { width: 64, blocks: 2, vocab: 256, context: 128, ...fp16 }
    const zero = () => describeDecoder({ ...base, width: 0 })
    expect(zero).toThrow(BaseError)
    expect(zero).toThrow(/decoder width must be a positive integer, got 0 \(e\.g\. width: 4096\)/)
    expect(() => describeDecoder({ ...base, bytesPerWeight: Number.NaN })).toThrow(/bytesPerWeight/)
    expect(() => describeDecoder({ ...base, context: 1.5 })).toThrow(/context/)
    expect(() => describeDecoder({ params: -1, width: 64, blocks: 2, context: 128, ...fp16 })).toThrow(
      /params/,
    )
    try {
      zero()
    } catch (error) {
      expect((error as BaseError).kind).toBe('input')
    }
  })
})
