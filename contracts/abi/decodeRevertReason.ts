import type { Interface } from 'ethers'

/**
 * Revert data as a readable string: a custom error of the protocol with its arguments
 * (`InsufficientEscrow(0xab.., 0, 5)`), a require message, a panic code, or 'reverted' when
 * there is nothing to decode.
 */
export function decodeRevertReason(iface: Interface, data: string | undefined): string {
  if (!data || data === '0x') return 'reverted'
  try {
    const error = iface.parseError(data)
    if (error) {
      const args = error.args.map((value: unknown) => String(value)).join(', ')
      return `${error.name}(${args})`
    }
  } catch {
    // Not one of ours: fall through to the raw selector.
  }
  return `reverted with data ${data.slice(0, 74)}`
}
