import type { ParamType } from 'ethers'

const wordPattern = /^0x[0-9a-fA-F]{64}$/
const addressPattern = /^0x[0-9a-fA-F]{40}$/
const uintPattern = /^uint(\d*)$/

/**
 * ABI-encode arguments whose types are uintN, bool, address, bytes32 or one-dimensional arrays
 * of those (every protocol call), without the hex-string round trips of AbiCoder, which cost a
 * commitment more than its own leaf hashing. Values are checked as AbiCoder checks them. Returns
 * undefined for any other type, so the caller falls back to AbiCoder.
 */
export function encodeStaticAbi(
  params: readonly ParamType[],
  values: readonly unknown[],
): string | undefined {
  if (values.length !== params.length)
    throw new Error(`expected ${params.length} arguments, got ${values.length}`)
  const head: string[] = []
  const tail: string[] = []
  let tailWords = 0
  for (let i = 0; i < params.length; i++) {
    const param = params[i] as ParamType
    const value = values[i]
    if (param.baseType === 'array') {
      const item = param.arrayChildren
      if (!item || param.arrayLength !== -1 || !Array.isArray(value)) return undefined
      head.push(uintWord(BigInt((params.length + tailWords) * 32)))
      tail.push(uintWord(BigInt(value.length)))
      for (const element of value) {
        const word = staticWord(item, element, param.name)
        if (word === undefined) return undefined
        tail.push(word)
      }
      tailWords += 1 + value.length
    } else {
      const word = staticWord(param, value, param.name)
      if (word === undefined) return undefined
      head.push(word)
    }
  }
  return head.join('') + tail.join('')
}

function staticWord(type: ParamType, value: unknown, name: string): string | undefined {
  const bits = uintPattern.exec(type.type)
  if (bits) {
    const size = bits[1] ? Number(bits[1]) : 256
    const n =
      typeof value === 'bigint'
        ? value
        : typeof value === 'number' && Number.isSafeInteger(value)
          ? BigInt(value)
          : undefined
    if (n === undefined || n < 0n || n >= 1n << BigInt(size)) {
      throw new RangeError(`${name || type.type}: ${String(value)} is not a ${type.type}`)
    }
    return uintWord(n)
  }
  switch (type.type) {
    case 'bool':
      if (typeof value !== 'boolean') throw new TypeError(`${name || 'bool'}: ${String(value)} is not a bool`)
      return uintWord(value ? 1n : 0n)
    case 'address':
      if (typeof value !== 'string' || !addressPattern.test(value)) {
        throw new TypeError(`${name || 'address'}: ${String(value)} is not an address`)
      }
      return value.slice(2).toLowerCase().padStart(64, '0')
    case 'bytes32':
      if (typeof value !== 'string' || !wordPattern.test(value)) {
        throw new TypeError(`${name || 'bytes32'}: ${String(value)} is not 32 bytes of hex`)
      }
      return value.slice(2).toLowerCase()
    default:
      return undefined
  }
}

function uintWord(n: bigint): string {
  return n.toString(16).padStart(64, '0')
}
