/** Latency bins per decade of a requester's memory: a p95 read from them is within ±6%. */
export const BINS_PER_DECADE = 20
/** Upper edge of bin 0, [0, 1 ms); bin i ≥ 1 is [1 ms·10^((i−1)/20), 1 ms·10^(i/20)). */
export const SMALLEST_EDGE = 1e-3
/** Bin LAST_BIN holds every latency from 10^6 s up. */
export const LAST_BIN = 1 + 9 * BINS_PER_DECADE

/**
 * The log-spaced bin a latency falls in. A fixed grid, rather than the values themselves, keeps a
 * requester's memory a handful of numbers however many requests it has made.
 */
export function latencyBin(seconds: number): number {
  if (seconds < SMALLEST_EDGE) return 0
  const bin = 1 + Math.floor(BINS_PER_DECADE * Math.log10(seconds / SMALLEST_EDGE))
  return Math.min(bin, LAST_BIN)
}
