import type { WorkloadSpec } from './runSpec.ts'

/**
 * Checkpoints every generation of a workload commits: a digest per (chunk, block) over the
 * workload's longest output, so every leaf of a model has as many as the model registered.
 */
export function countCheckpoints(workload: WorkloadSpec, checkpointBlocks: number): number {
  const { outputTokens } = workload
  const longest = 'fixed' in outputTokens ? outputTokens.fixed : outputTokens.uniform[1]
  return Math.ceil(longest / workload.chunkSize) * checkpointBlocks
}
