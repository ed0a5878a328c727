/**
 * Whether a claimed checkpoint agrees with a reference one. Tolerance 0 means bit for bit;
 * otherwise every value must satisfy |claimed − reference| ≤ tolerance × (1 + |reference|):
 * absolute near zero, relative for large activations, so one tolerance fits any model scale.
 * Checkpoints of different sizes never agree, and NaN agrees with nothing.
 */
export function compareCheckpoint(
  claimed: Float32Array,
  reference: Float32Array,
  tolerance: number,
): boolean {
  if (claimed.length !== reference.length) return false
  if (tolerance === 0) {
    const a = new Uint32Array(claimed.buffer, claimed.byteOffset, claimed.length)
    const b = new Uint32Array(reference.buffer, reference.byteOffset, reference.length)
    return a.every((bits, i) => bits === b[i])
  }
  for (let i = 0; i < claimed.length; i++) {
    const expected = reference[i] as number
    if (!(Math.abs((claimed[i] as number) - expected) <= tolerance * (1 + Math.abs(expected)))) return false
  }
  return true
}
