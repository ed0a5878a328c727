/**
 * Do two output vectors agree? Tolerance 0 means bit-for-bit equality; otherwise each value may
 * differ by `tolerance × (1 + |reference|)`, the rule the engine applies to checkpoints.
 */
export function outputsAgree(
  claimed: ArrayLike<number>,
  reference: ArrayLike<number>,
  tolerance: number,
): boolean {
  if (claimed.length !== reference.length) return false
  for (let i = 0; i < claimed.length; i++) {
    const a = claimed[i] as number
    const b = reference[i] as number
    if (tolerance === 0 ? !Object.is(a, b) : !(Math.abs(a - b) <= tolerance * (1 + Math.abs(b)))) return false
  }
  return true
}
