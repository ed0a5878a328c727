/**
 * Protocol.sol's `_depth`: levels of the checkpoint tree over `count` leaves padded to a power
 * of two, which is also the length of every proof buildCheckpointTree gives for that tree.
 */
export function checkpointDepth(count: number): number {
  let depth = 0
  while (2 ** depth < count) depth++
  return depth
}
