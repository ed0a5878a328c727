/** Jobs per batch task at most: enough to amortize a thread crossing, small enough to keep workers even. */
export const MAX_BATCH = 64

/**
 * A task should hold at least this much inference (at about 1e10 FLOP/s, a rough CPU rate):
 * below it, the crossing to a worker and back costs more than the work it carries.
 */
const MIN_TASK_FLOPS = 2e7

/**
 * How many of `waiting` jobs of `flops` each go into one task: an even split over the workers,
 * but never so small that a task carries less than MIN_TASK_FLOPS of work, nor more than
 * MAX_BATCH jobs. Small models get full batches (splitting 64 returning requests in two, then
 * in four, wore tasks down to a few jobs each); large models spread job by job over every worker.
 */
export function batchSize(waiting: number, workers: number, flops: number): number {
  const even = Math.ceil(waiting / workers)
  const floor = Math.ceil(MIN_TASK_FLOPS / Math.max(flops, 1))
  return Math.max(1, Math.min(MAX_BATCH, Math.max(even, floor)))
}
