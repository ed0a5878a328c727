import type { Interface } from 'ethers'
import type { Hex } from '../../sim/index.ts'
import { abiTables } from './abiTables.ts'
import { encodeStaticAbi } from './encodeStaticAbi.ts'

/** `iface.encodeFunctionData(name, args)` with the selector worked out once per interface. */
export function encodeFunctionCall(iface: Interface, name: string, args: readonly unknown[]): Hex {
  const { coder, functions } = abiTables(iface)
  const entry = functions.get(name)
  if (!entry) throw new Error(`the protocol has no function ${name}`)
  const words =
    encodeStaticAbi(entry.fragment.inputs, args) ?? coder.encode(entry.fragment.inputs, args).slice(2)
  return `${entry.selector}${words}` as Hex
}
