import { concat, keccak256 } from 'ethers'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { keccakHex } from './keccakHex.ts'

const hex = fc.uint8Array({ maxLength: 200 }).map((b) => `0x${Buffer.from(b).toString('hex')}`)

describe('keccakHex', () => {
  it("equals ethers' keccak256 of the concatenated bytes", () => {
    fc.assert(
      fc.property(fc.array(hex, { minLength: 1, maxLength: 4 }), (parts) => {
        expect(keccakHex(...parts)).toBe(keccak256(concat(parts)))
      }),
    )
    expect(keccakHex('0xABcd')).toBe(keccak256('0xabcd'))
  })

  it('refuses what is not hex bytes', () => {
    expect(() => keccakHex('0x123')).toThrow(/not hex bytes/)
    expect(() => keccakHex('abcd')).toThrow(/not hex bytes/)
    expect(() => keccakHex('0xzz')).toThrow(/not hex bytes/)
  })
})
