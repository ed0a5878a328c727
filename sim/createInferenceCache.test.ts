import { describe, expect, it } from 'vitest'
import { createInferenceCache } from './createInferenceCache.ts'
import {
  type GenerationOrder,
  type InferencePort,
  type InferenceRequest,
  type InferenceResult,
  REFERENCE_HARDWARE,
} from './ports.ts'

/** A port that counts the runs it is asked for and fails the seeds in `failing` once each. */
function fakePort(failing = new Set<number>()) {
  const runs: InferenceRequest[] = []
  const port = {
    infer: async (request: InferenceRequest): Promise<InferenceResult> => {
      runs.push(request)
      if (failing.delete(request.inputSeed)) throw new Error(`seed ${request.inputSeed} failed`)
      return {
        layerDigests: [],
        resultDigest: `0x${request.inputSeed}`,
        output: new Float32Array(1),
        flops: 1,
      }
    },
  } as unknown as InferencePort
  return { port, runs }
}

const request = (inputSeed: number, extra: Partial<InferenceRequest> = {}): InferenceRequest => ({
  modelId: 'm',
  variant: 'honest',
  hardware: REFERENCE_HARDWARE,
  salt: inputSeed + 100,
  inputSeed,
  ...extra,
})

const order = (outputTokens: number): GenerationOrder => ({
  promptTokens: 8,
  outputTokens,
  sampling: { kind: 'greedy' },
  chunkSize: 8,
  topK: 4,
  checkpoints: 5,
})

describe('createInferenceCache', () => {
  it('runs equal requests once, whoever asks, and counts the hits', async () => {
    const { port, runs } = fakePort()
    const cache = createInferenceCache(port, 16)
    const [a, b] = await Promise.all([
      cache.infer(request(1, { salt: 1 })),
      cache.infer(request(1, { salt: 2 })),
    ])
    expect(b).toBe(a)
    expect(runs).toHaveLength(1)
    expect(cache.hits).toBe(1)
  })

  it('tells apart what changes the result: variant, hardware, input, checkpoints, output, a noise host', async () => {
    const { port, runs } = fakePort()
    const cache = createInferenceCache(port, 16)
    const fp16 = { ...REFERENCE_HARDWARE, fp16Weights: true }
    const threads = { ...REFERENCE_HARDWARE, threads: 2 }
    for (const r of [
      request(1),
      request(2),
      request(1, { variant: 'skip' }),
      request(1, { hardware: fp16 }),
      request(1, { hardware: threads }),
      request(1, { checkpoints: false }),
      request(1, { output: false }),
      request(1, { variant: 'noise', salt: 1 }),
      request(1, { variant: 'noise', salt: 2 }),
      request(1, { modelId: 'other' }),
      request(1, { generation: order(16) }),
      request(1, { generation: order(24) }),
    ])
      await cache.infer(r)
    await cache.infer(request(1, { generation: order(24) }))
    expect(runs).toHaveLength(12)
    expect(cache.hits).toBe(1)
  })

  it('keeps forward requests apart from generations', async () => {
    const { port, runs } = fakePort()
    const cache = createInferenceCache(port, 16)
    await cache.infer(request(1))
    await cache.infer(request(1, { generation: order(16) }))
    expect(runs).toHaveLength(2)
    expect(cache.hits).toBe(0)
  })

  it('keeps the last `capacity` distinct requests, least recently used out first', async () => {
    const { port, runs } = fakePort()
    const cache = createInferenceCache(port, 2)
    for (const seed of [1, 2, 1, 3, 1, 2]) await cache.infer(request(seed))
    // 1 and 2 kept; 1 used again; 3 pushes out 2; 1 hits; 2 runs again.
    expect(runs.map((r) => r.inputSeed)).toEqual([1, 2, 3, 2])
    expect(cache.hits).toBe(2)
  })

  it('keeps no more output bytes than it may, the newest result first', async () => {
    const { port, runs } = fakePort()
    // Every fake output is one float: 4 bytes. Room for two.
    const cache = createInferenceCache(port, 100, 8)
    for (const seed of [1, 2, 3, 3, 2, 1]) await cache.infer(request(seed))
    // 3 pushes out 1; 3 and 2 hit; 1 runs again.
    expect(runs.map((r) => r.inputSeed)).toEqual([1, 2, 3, 1])
    expect(cache.hits).toBe(2)
  })

  it('runs again after a failure instead of keeping the error', async () => {
    const { port, runs } = fakePort(new Set([5]))
    const cache = createInferenceCache(port, 4)
    await expect(cache.infer(request(5))).rejects.toThrow(/seed 5 failed/)
    await expect(cache.infer(request(5))).resolves.toMatchObject({ resultDigest: '0x5' })
    expect(runs).toHaveLength(2)
  })

  it('with capacity 0 runs every request', async () => {
    const { port, runs } = fakePort()
    const cache = createInferenceCache(port, 0)
    await cache.infer(request(1))
    await cache.infer(request(1))
    expect(runs).toHaveLength(2)
    expect(cache.hits).toBe(0)
  })
})
