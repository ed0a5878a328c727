import { AbiCoder, getAddress, keccak256 } from 'ethers'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Hex } from '../../sim/index.ts'
import { hashJobLeaf } from './hashJobLeaf.ts'

const hex = (bytes: number) =>
  fc
    .uint8Array({ minLength: bytes, maxLength: bytes })
    .map((b) => `0x${Buffer.from(b).toString('hex')}` as Hex)

describe('hashJobLeaf', () => {
  it('hashes what AbiCoder encodes, for any job, requester, fee and digests', () => {
    const coder = AbiCoder.defaultAbiCoder()
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        hex(20).map((a) => getAddress(a) as Hex),
        fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
        hex(32),
        hex(32),
        (jobId, requester, fee, result, root) => {
          const expected = keccak256(
            coder.encode(
              ['uint256', 'address', 'uint256', 'bytes32', 'bytes32'],
              [jobId, requester, fee, result, root],
            ),
          )
          expect(hashJobLeaf(jobId, requester, fee, result, root)).toBe(expected)
        },
      ),
    )
  })

  it('refuses what the chain could not take', () => {
    const word = `0x${'ab'.repeat(32)}` as Hex
    const requester = `0x${'11'.repeat(20)}` as Hex
    expect(() => hashJobLeaf(-1, requester, 1n, word, word)).toThrow(/jobId/)
    expect(() => hashJobLeaf(1, requester, -1n, word, word)).toThrow(/fee/)
    expect(() => hashJobLeaf(1, requester, 1n << 256n, word, word)).toThrow(/fee/)
    expect(() => hashJobLeaf(1, '0x12', 1n, word, word)).toThrow(/requester/)
    expect(() => hashJobLeaf(1, requester, 1n, '0x12', word)).toThrow(/resultDigest/)
  })
})
