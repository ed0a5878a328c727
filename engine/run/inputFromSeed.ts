/**
 * One RC4 state per thread, re-keyed per call: inputFromSeed is synchronous and a module
 * instance belongs to one thread, so no two expansions share it.
 */
const state = new Int32Array(256)

/**
 * The job's input, expanded from its seed so only a number crosses threads. Draws are snapped to
 * a 2^-23 grid, which float32 holds exactly, so no draw can round up to 1 and every platform
 * gets the same bits.
 *
 * The draws are seedrandom's default generator (`seedrandom('input:' + seed)`: RC4-drop[256]
 * and its 52-bit doubles), bit for bit, written out here in one loop: seedrandom's closures and
 * plain-array state cost 100-130 µs for a 32×64 input, this about 30 µs, and a batched small
 * transformer's job spends about 200 µs in its session run. inputFromSeed.test.ts checks every
 * value against seedrandom itself.
 */
export function inputFromSeed(seed: number, size: number): Float32Array {
  const key = `input:${seed}`
  const s = state
  // seedrandom's key schedule for a string seed: its mixkey turns a seed of at most 256
  // characters into the characters' codes mod 256, and the standard RC4 schedule runs on them.
  for (let i = 0; i < 256; i++) s[i] = i
  let j = 0
  for (let i = 0; i < 256; i++) {
    const t = s[i] as number
    j = (j + (key.charCodeAt(i % key.length) & 255) + t) & 255
    s[i] = s[j] as number
    s[j] = t
  }
  let i = 0
  j = 0
  // One RC4 output byte is: i += 1; j += S[i]; swap S[i], S[j]; output S[S[i] + S[j]] (mod 256).
  for (let dropped = 0; dropped < 256; dropped++) {
    i = (i + 1) & 255
    const t = s[i] as number
    j = (j + t) & 255
    s[i] = s[j] as number
    s[j] = t
  }
  const values = new Float32Array(size)
  for (let k = 0; k < size; k++) {
    // seedrandom's prng(): six bytes, then single bytes until 52 bits are filled, then shifted
    // back under 2^53; every step is exact in doubles, so the same steps give the same value.
    // The constants are literals: module-level consts measured about 15% slower here.
    let n = 0
    for (let c = 0; c < 6; c++) {
      i = (i + 1) & 255
      const t = s[i] as number
      j = (j + t) & 255
      const u = s[j] as number
      s[i] = u
      s[j] = t
      n = n * 256 + (s[(u + t) & 255] as number)
    }
    if (n >= 2 ** 44) {
      // The first byte is at least 16 (15 draws in 16): prng() takes exactly one more byte and
      // returns (n·256 + x') / 2^56 with x' < 256, whose top 24 bits are n's top 24 bits, so the
      // double arithmetic below would give this same value. The byte must still be drawn.
      i = (i + 1) & 255
      const t = s[i] as number
      j = (j + t) & 255
      s[i] = s[j] as number
      s[j] = t
      values[k] = (Math.floor(n / 2 ** 24) * 2) / 2 ** 24 - 1
      continue
    }
    let d = 2 ** 48
    let x = 0
    while (n < 2 ** 52) {
      n = (n + x) * 256
      d *= 256
      i = (i + 1) & 255
      const t = s[i] as number
      j = (j + t) & 255
      const u = s[j] as number
      s[i] = u
      s[j] = t
      x = s[(u + t) & 255] as number
    }
    while (n >= 2 ** 53) {
      n /= 2
      d /= 2
      x >>>= 1
    }
    values[k] = (Math.floor(((n + x) / d) * 2 ** 24) * 2) / 2 ** 24 - 1
  }
  return values
}
