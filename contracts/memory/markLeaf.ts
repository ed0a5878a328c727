import type { MemoryBatch } from './createMemoryState.ts'

/** Set a leaf's state in its batch (Protocol.sol's leafState, by leafKey), making the batch's map on first use. */
export function markLeaf(batch: MemoryBatch, key: string, leafState: number): void {
  if (!batch.leafState) batch.leafState = new Map()
  batch.leafState.set(key, leafState)
}
