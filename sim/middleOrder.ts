import { middleTokenCount } from './middleTokenCount.ts'
import type { GenerationOrder } from './ports.ts'
import type { WorkloadSpec } from './runSpec.ts'

/**
 * The generation order of a typical job of `workload`: its middle prompt and output lengths. A
 * job's leaves are its chunks unless `checkpoints` says otherwise (a run's leaf count is fixed by
 * the longest output and the decoder's checkpoint blocks: countCheckpoints).
 */
export function middleOrder(workload: WorkloadSpec, checkpoints?: number): GenerationOrder {
  const outputTokens = middleTokenCount(workload.outputTokens)
  return {
    promptTokens: middleTokenCount(workload.prompt),
    outputTokens,
    sampling: workload.sampling,
    chunkSize: workload.chunkSize,
    topK: workload.topK,
    checkpoints: checkpoints ?? Math.ceil(outputTokens / workload.chunkSize),
  }
}
