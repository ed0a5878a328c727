/**
 * A revert reason as the anvil adapter prints a decoded custom error (decodeRevertReason): the
 * error's name and its arguments as ethers decodes them, joined by ', '. Callers pass addresses
 * checksummed, bytes32 values lower-case and integers as numbers or bigints, which is how those
 * come out of ethers.
 */
export function formatRevert(name: string, ...args: readonly (string | number | bigint)[]): string {
  return `${name}(${args.join(', ')})`
}
