import seedrandom from 'seedrandom'

/**
 * Standard Gumbel noise for every token of the vocabulary at one position, from a stream named
 * by the job's seed and the position: the draw for token t of a generation never depends on the
 * tokens before it, so a verifier reproduces it from the seed alone. Float64, so the noise adds
 * no rounding of its own to the comparison.
 */
export function drawGumbel(seed: number, position: number, vocab: number): Float64Array {
  const rng = seedrandom.alea(`gumbel:${seed}:${position}`)
  const noise = new Float64Array(vocab)
  for (let i = 0; i < vocab; i++) {
    // alea can return exactly 0; the smallest positive double keeps the logarithms finite.
    const u = rng() || Number.MIN_VALUE
    noise[i] = -Math.log(-Math.log(u))
  }
  return noise
}
