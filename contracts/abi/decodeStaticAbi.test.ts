import { AbiCoder, ParamType } from 'ethers'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeStaticAbi } from './decodeStaticAbi.ts'

const coder = AbiCoder.defaultAbiCoder()
const types = ['uint256', 'uint16', 'bool', 'address', 'bytes32', 'address[]', 'uint256[]'].map((t) =>
  ParamType.from(t),
)
const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`)
const values = fc.tuple(
  fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  fc.integer({ min: 0, max: 65_535 }).map(BigInt),
  fc.boolean(),
  hex(20),
  hex(32),
  fc.array(hex(20), { maxLength: 4 }),
  fc.array(fc.bigInt({ min: 0n, max: 10n ** 30n }), { maxLength: 4 }),
)

describe('decodeStaticAbi', () => {
  it('reads back what AbiCoder wrote, addresses lower-cased', () => {
    fc.assert(
      fc.property(values, (v) => {
        const data = coder.encode(types, v).slice(2)
        expect(decodeStaticAbi(types, data)).toEqual(v)
      }),
    )
  })

  it('leaves other types to the caller and refuses data cut short', () => {
    expect(decodeStaticAbi([ParamType.from('string')], '00'.repeat(64))).toBeUndefined()
    expect(decodeStaticAbi([ParamType.from('uint256[2]')], '00'.repeat(64))).toBeUndefined()
    expect(() => decodeStaticAbi([ParamType.from('uint256')], '00'.repeat(31))).toThrow(/ends before/)
  })
})
