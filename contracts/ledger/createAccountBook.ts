import type { Hex } from '../../sim/index.ts'
import { type AccountRole, deriveAccountAddress } from './deriveAccountAddress.ts'

export type AccountBook = {
  /** The address of an account; remembered so events can name it back. */
  addressOf(role: AccountRole, index: number): Hex
  /** The role and index behind an address this book has handed out. */
  refOf(address: string): { role: AccountRole; index: number } | undefined
}

/** Addresses by role and index, both ways. Keys of the reverse map are lower-case. */
export function createAccountBook(): AccountBook {
  const forward = new Map<string, Hex>()
  const reverse = new Map<string, { role: AccountRole; index: number }>()
  return {
    addressOf(role, index) {
      const key = `${role}:${index}`
      let address = forward.get(key)
      if (!address) {
        address = deriveAccountAddress(role, index)
        forward.set(key, address)
        reverse.set(address.toLowerCase(), { role, index })
      }
      return address
    },
    refOf(address) {
      return reverse.get(address.toLowerCase())
    },
  }
}
