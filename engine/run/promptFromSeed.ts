import seedrandom from 'seedrandom'

/**
 * A generation job's prompt, expanded from its seed inside the worker (only the number crosses
 * threads), as inputFromSeed expands a forward pass's input: `length` token ids in [0, vocab).
 * Its stream is named apart from the input's and the sampler's, so no two share draws.
 */
export function promptFromSeed(seed: number, length: number, vocab: number): number[] {
  const rng = seedrandom(`prompt:${seed}`)
  return Array.from({ length }, () => Math.floor(rng() * vocab))
}
