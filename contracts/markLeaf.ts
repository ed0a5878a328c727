import type { Hex } from '../sim/ports.ts'
import type { MemoryBatch } from './createMemoryState.ts'

/** Set a leaf's state in its batch (Protocol.sol's leafState), making the batch's map on first use. */
export function markLeaf(batch: MemoryBatch, leafHash: Hex, leafState: number): void {
  if (!batch.leafState) batch.leafState = new Map()
  batch.leafState.set(leafHash, leafState)
}
