import type { BenchResult } from './measure.ts'

const MIB = 2 ** 20

/** Process memory seen around two identical batches of concurrent generations, in bytes. */
export type MemoryReadings = {
  /** Resident memory with the decoder open in every worker and a generation done, before batch 1. */
  baseline: number
  /** The largest resident memory during each batch. */
  peaks: [number, number]
  /** Resident memory once each batch has finished. */
  afters: [number, number]
  /** process.resourceUsage().maxRSS at the end, in bytes: the kernel's own peak, a check on sampling. */
  maxRss: number
  /** The KV cache one generation holds at its longest: cacheFloatsPerToken × 4 × tokens. */
  cacheBytes: number
  generations: number
}

/**
 * Every generation's cache, kept, would add `generations` caches to the baseline, so a ratio of
 * (peak − baseline) ÷ (generations × one cache) near or above 1 means caches outlive their
 * generations; freed as each ends, only one per worker lives at a time. The second batch's growth
 * over the first, in the same unit, shows accumulation from batch to batch. `goal` bounds both.
 */
export function memoryVerdict(readings: MemoryReadings, goal: number): Omit<BenchResult, 'name'> {
  const { baseline, peaks, afters, maxRss, cacheBytes, generations } = readings
  const all = generations * cacheBytes
  const ratio = (peaks[0] - baseline) / all
  const growth = (peaks[1] - peaks[0]) / all
  return {
    ratio,
    goal: `< ${goal} ((peak − baseline) ÷ ${generations} caches, and the second batch's peak growth in the same unit)`,
    met: ratio < goal && growth < goal,
    measured: {
      peak_rss_mib: peaks[0] / MIB,
      peak_rss_mib_batch_2: peaks[1] / MIB,
      rss_after_batch_1_mib: afters[0] / MIB,
      rss_after_batch_2_mib: afters[1] / MIB,
      max_rss_mib: maxRss / MIB,
      growth_batch_2_in_caches: growth,
    },
    baseline: {
      rss_mib: baseline / MIB,
      cache_mib_one_generation: cacheBytes / MIB,
      cache_mib_all_generations: all / MIB,
    },
  }
}
