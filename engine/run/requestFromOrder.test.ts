import { describe, expect, it } from 'vitest'
import type { GenerationOrder } from '../../sim/index.ts'
import { requestFromOrder } from './requestFromOrder.ts'

const order: GenerationOrder = {
  promptTokens: 300,
  outputTokens: 16,
  sampling: { kind: 'sample', temperature: 0.7 },
  chunkSize: 8,
  topK: 4,
  checkpoints: 2,
}

describe('requestFromOrder', () => {
  it('expands a prompt of in-vocabulary tokens from the seed, the same every time, another per seed', () => {
    const request = requestFromOrder(order, 42, 50)
    expect(request.prompt).toHaveLength(300)
    expect(request.prompt.every((token) => Number.isInteger(token) && token >= 0 && token < 50)).toBe(true)
    expect(new Set(request.prompt).size).toBe(50)
    expect(requestFromOrder(order, 42, 50)).toEqual(request)
    expect(requestFromOrder(order, 43, 50).prompt).not.toEqual(request.prompt)
  })

  it('samples with the job’s seed and keeps the order’s lengths and digest shape', () => {
    expect(requestFromOrder(order, 42, 50)).toMatchObject({
      outputTokens: 16,
      sampling: { kind: 'sample', temperature: 0.7, seed: 42 },
      chunkSize: 8,
      topK: 4,
    })
    expect(requestFromOrder({ ...order, sampling: { kind: 'greedy' } }, 42, 50).sampling).toEqual({
      kind: 'greedy',
    })
  })
})
