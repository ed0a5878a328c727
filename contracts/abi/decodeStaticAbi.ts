import type { ParamType } from 'ethers'

const uintPattern = /^uint\d*$/

/**
 * Decode ABI words (hex without 0x) of uintN, bool, address, bytes32 or one-dimensional arrays of
 * those, as AbiCoder would but without building its Result objects and coders per value, which
 * cost a block of commitments more than mining it. uints come back as bigint, addresses and
 * words as lower-case hex. Returns undefined for any other type, so the caller falls back.
 */
export function decodeStaticAbi(params: readonly ParamType[], hex: string): unknown[] | undefined {
  const wordAt = (index: number) => {
    const word = hex.slice(index * 64, index * 64 + 64)
    if (word.length !== 64) throw new RangeError(`ABI data ends before word ${index}`)
    return word
  }
  const values: unknown[] = []
  for (let i = 0; i < params.length; i++) {
    const param = params[i] as ParamType
    if (param.baseType === 'array') {
      const item = param.arrayChildren
      if (!item || param.arrayLength !== -1 || !isStatic(item)) return undefined
      const start = Number(BigInt(`0x${wordAt(i)}`) / 32n)
      const length = Number(BigInt(`0x${wordAt(start)}`))
      values.push(Array.from({ length }, (_, k) => staticValue(item, wordAt(start + 1 + k))))
    } else {
      if (!isStatic(param)) return undefined
      values.push(staticValue(param, wordAt(i)))
    }
  }
  return values
}

function isStatic(type: ParamType): boolean {
  return (
    uintPattern.test(type.type) || type.type === 'bool' || type.type === 'address' || type.type === 'bytes32'
  )
}

function staticValue(type: ParamType, word: string): unknown {
  if (type.type === 'bool') return BigInt(`0x${word}`) !== 0n
  if (type.type === 'address') return `0x${word.slice(24).toLowerCase()}`
  if (type.type === 'bytes32') return `0x${word.toLowerCase()}`
  return BigInt(`0x${word}`)
}
