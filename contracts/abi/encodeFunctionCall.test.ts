import { Interface } from 'ethers'
import { beforeAll, describe, expect, it } from 'vitest'
import { compileProtocol } from '../solidity/compileProtocol.ts'
import { encodeFunctionCall } from './encodeFunctionCall.ts'

let iface: Interface
beforeAll(async () => {
  iface = new Interface((await compileProtocol()).abi)
})

const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const address = (n: number) => `0x${n.toString(16).padStart(40, 'a')}`

describe('encodeFunctionCall', () => {
  it("gives ethers' calldata for every protocol function it encodes by hand", () => {
    const calls: [string, unknown[]][] = [
      ['commit', [word(1), word(2), 3, [address(1), address(2)], [2, 1]]],
      ['order', [[address(1), address(2)], [7, 4_000_000_000], 10n ** 18n]],
      ['claim', []],
      ['expireDispute', [8]],
      ['requestEscrowWithdrawal', [5n * 10n ** 18n]],
      ['commit', [word(1), word(2), 1, [], []]],
      ['registerModel', [word(7), 123_456, 9]],
      ['finalize', [42]],
      ['resolve', [3, word(9)]],
      ['respond', [1, true]],
      ['attest', [5, 70_000]],
      ['stake', []],
    ]
    for (const [name, args] of calls) {
      expect(encodeFunctionCall(iface, name, args), name).toBe(iface.encodeFunctionData(name, args))
    }
  })

  it('falls back to AbiCoder for tuples, with the same bytes', () => {
    const leaf = [1, address(3), 5n, word(4), word(5)]
    const args = [2, leaf, [word(6), word(7)], word(8)]
    expect(encodeFunctionCall(iface, 'challenge', args)).toBe(iface.encodeFunctionData('challenge', args))
  })

  it('refuses what ethers refuses: negative or oversized integers, malformed words and addresses', () => {
    expect(() => encodeFunctionCall(iface, 'finalize', [-1])).toThrow()
    expect(() => encodeFunctionCall(iface, 'registerModel', [word(1), 1, 70_000])).toThrow(/uint16/)
    expect(() => encodeFunctionCall(iface, 'resolve', [1, '0x12'])).toThrow(/32 bytes/)
    expect(() => encodeFunctionCall(iface, 'commit', [word(1), word(2), 1, ['0x12'], [1]])).toThrow(/address/)
    expect(() => encodeFunctionCall(iface, 'order', [[address(1)], [2 ** 32], 1n])).toThrow(/uint32/)
    expect(() => encodeFunctionCall(iface, 'finalize', [1.5])).toThrow()
  })
})
