import seedrandom from 'seedrandom'

const STEPS = 2 ** 24

/**
 * The job's input, expanded from its seed so only a number crosses threads. Draws are snapped to
 * a 2^-23 grid, which float32 holds exactly, so no draw can round up to 1 and every platform
 * gets the same bits.
 */
export function inputFromSeed(seed: number, size: number): Float32Array {
  const rng = seedrandom(`input:${seed}`)
  const values = new Float32Array(size)
  for (let i = 0; i < size; i++) {
    values[i] = (Math.floor(rng() * STEPS) * 2) / STEPS - 1
  }
  return values
}
