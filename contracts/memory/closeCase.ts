import type { MemoryBatch, MemoryState } from './createMemoryState.ts'

/**
 * Protocol.sol's `_closeCase`: one dispute or game on `batch` is over, so it no longer blocks the
 * batch's finality or its host's withdrawal.
 */
export function closeCase(state: MemoryState, batch: MemoryBatch): void {
  batch.openDisputes -= 1
  state.bondOf(batch.host).openCases -= 1
}
