/** Jobs per batch task at most: enough to amortize a thread crossing, small enough to keep workers even. */
export const MAX_BATCH = 64

/**
 * A task should hold at least this much inference (about 10 ms at 1e10 FLOP/s, a rough CPU
 * rate): a thread crossing costs each side a message and a wake-up. At 2e7 the whole-run
 * benchmark's transformer (1.4e7 FLOPs) went two jobs a task, and its workers spent 10-12 % of
 * their profiled time in postMessage; at 1e8 (eight jobs) 5.5 %.
 */
const MIN_TASK_FLOPS = 1e8

/**
 * How many jobs of `flops` each go into one task: the fewest that carry MIN_TASK_FLOPS, at most
 * MAX_BATCH. Small models get full batches whatever is waiting (sizing batches by what waits
 * split 64 returning requests in two, then in four, wearing tasks down to a job each); large
 * models go one job per task, so idle workers take the next job and none ends a round with a
 * long batch left while the others wait (measured by bench/, inference pool).
 */
export function batchSize(flops: number): number {
  return Math.max(1, Math.min(MAX_BATCH, Math.ceil(MIN_TASK_FLOPS / Math.max(flops, 1))))
}
