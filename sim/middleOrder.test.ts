import { describe, expect, it } from 'vitest'
import { middleOrder } from './middleOrder.ts'
import type { WorkloadSpec } from './runSpec.ts'

const workload: WorkloadSpec = {
  prompt: { uniform: [4, 11] },
  outputTokens: { uniform: [10, 30] },
  sampling: { kind: 'greedy' },
  chunkSize: 8,
  topK: 5,
}

describe('middleOrder', () => {
  it('takes the middle lengths, and a chunk per leaf unless told the run’s leaf count', () => {
    expect(middleOrder(workload)).toEqual({
      promptTokens: 8,
      outputTokens: 20,
      sampling: { kind: 'greedy' },
      chunkSize: 8,
      topK: 5,
      checkpoints: 3,
    })
    expect(middleOrder({ ...workload, outputTokens: { fixed: 16 } }, 12).checkpoints).toBe(12)
  })
})
