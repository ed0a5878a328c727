import type { MemoryBatch } from './createMemoryState.ts'

/**
 * What a finalized batch still answers: the chain keeps its record, but once final no call can
 * reach its leaves, fees or cases (finalize needs every case closed, and its deadline has passed,
 * so checkLeaf stops at ChallengeWindowClosed), only its host (attest checks it before
 * finality) and its deadline (named by that revert).
 */
export type FinalizedBatch = { readonly host: number; readonly deadline: number; readonly finalized: true }

/** Protocol.sol's `batches`, by id (the order of commits). */
export type MemoryBatches = {
  /** Batches committed so far: the next id. */
  readonly length: number
  /** Record a new batch; returns its id. */
  push(batch: MemoryBatch): number
  /** Batch `id` as a call sees it: whole while open, its header once released; undefined if never committed. */
  get(id: number): MemoryBatch | FinalizedBatch | undefined
  /** Batch `id` while it is not released: every call that passed a finalized check sees this. */
  open(id: number): MemoryBatch | undefined
  /**
   * Forget a finalized batch's leaves, fees and leaf states. A market run commits a batch per
   * block and host for months; kept whole they grew the ledger by about 400 bytes per job.
   */
  release(id: number): void
}

/**
 * The batches of a memory ledger: open ones whole in a map, and for every id its host and
 * deadline in typed arrays (12 bytes a batch), which is all a finalized one is asked for.
 */
export function createMemoryBatches(): MemoryBatches {
  const open = new Map<number, MemoryBatch>()
  let hosts = new Int32Array(1024)
  // Float64: a deadline is a timestamp plus a challenge window of up to 2^53 - 1 seconds.
  let deadlines = new Float64Array(1024)
  let length = 0
  return {
    get length() {
      return length
    },
    push(batch) {
      if (length === hosts.length) {
        const grownHosts = new Int32Array(length * 2)
        grownHosts.set(hosts)
        hosts = grownHosts
        const grownDeadlines = new Float64Array(length * 2)
        grownDeadlines.set(deadlines)
        deadlines = grownDeadlines
      }
      const id = length++
      hosts[id] = batch.host
      deadlines[id] = batch.deadline
      open.set(id, batch)
      return id
    },
    get(id) {
      const batch = open.get(id)
      if (batch) return batch
      if (!Number.isInteger(id) || id < 0 || id >= length) return undefined
      return { host: hosts[id] as number, deadline: deadlines[id] as number, finalized: true }
    },
    open: (id) => open.get(id),
    release(id) {
      if (open.get(id)?.finalized !== true)
        throw new Error(`batch ${id} is not finalized, so it cannot be released`)
      open.delete(id)
    },
  }
}
