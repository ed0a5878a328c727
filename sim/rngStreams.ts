import seedrandom from 'seedrandom'

/** A uniform draw in [0, 1). */
export type Rng = () => number

export type RngStreams = {
  /**
   * The stream for one entity's one purpose. Each stream is seeded from the whole key, so adding
   * a host or a verifier creates new streams and leaves every existing stream's draws unchanged.
   */
  stream(entity: string, purpose: string): Rng
}

export function createRngStreams(seed: number, replicate: number): RngStreams {
  const streams = new Map<string, Rng>()
  return {
    stream(entity, purpose) {
      const key = `verisim/${seed}/${replicate}/${entity}/${purpose}`
      let rng = streams.get(key)
      if (!rng) {
        const prng = seedrandom(key)
        rng = () => prng.quick()
        streams.set(key, rng)
      }
      return rng
    },
  }
}

/** Waiting time to the next event of a Poisson process with this rate. */
export function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng()) / rate
}

export function bernoulli(rng: Rng, p: number): boolean {
  return rng() < p
}

export function uint32(rng: Rng): number {
  return Math.floor(rng() * 2 ** 32) >>> 0
}
