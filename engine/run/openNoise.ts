import seedrandom from 'seedrandom'
import type { OpenVariant } from '../build/types.ts'

/**
 * The noise cheat: no model at all, just seeded uniform noise in [-scale, scale] shaped like each
 * honest checkpoint. Its FLOPs are the number of values it draws. `salt` (the host) seeds it too:
 * two lazy hosts' noise for the same input differs, as it would between real cheaters.
 */
export function openNoise(checkpointShapes: number[][], scale: number, salt = 0): OpenVariant {
  const sizes = checkpointShapes.map((shape) => shape.reduce((product, dim) => product * dim, 1))
  return {
    flops: sizes.reduce((sum, size) => sum + size, 0),
    checkpointShapes,
    async run(inputSeed) {
      return sizes.map((size, layer) => {
        const rng = seedrandom.alea(
          salt === 0 ? `noise:${inputSeed}:${layer}` : `noise:${salt}:${inputSeed}:${layer}`,
        )
        return Float32Array.from({ length: size }, () => (rng() * 2 - 1) * scale)
      })
    },
    release: async () => {},
  }
}
