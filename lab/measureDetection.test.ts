import { describe, expect, it } from 'vitest'
import type { DecoderSpec, GenerationRequest } from '../engine/index.ts'
import { type HardwareProfile, REFERENCE_HARDWARE } from '../sim/index.ts'
import { measureDetection } from './measureDetection.ts'

const spec: DecoderSpec = { vocab: 256, width: 64, heads: 4, blocks: 2, context: 128, ffMult: 4, seed: 5 }
/** Distinct prompts, greedy and sampled in turn, so no two jobs repeat the same chunks. */
const jobsFrom = (first: number, count: number): GenerationRequest[] =>
  Array.from({ length: count }, (_, i) => {
    const job = first + i
    return {
      prompt: Array.from({ length: 32 }, (_, t) => (t * 37 + job * 11 + 3) % 256),
      outputTokens: 64,
      sampling: job % 2 ? { kind: 'greedy' } : { kind: 'sample', temperature: 0.8, seed: job },
    }
  })
const threads2: HardwareProfile = { ...REFERENCE_HARDWARE, threads: 2 }
const unoptimized: HardwareProfile = { ...REFERENCE_HARDWARE, optimization: 'disabled' }
const fp16: HardwareProfile = { ...REFERENCE_HARDWARE, fp16Weights: true }
const alpha = 0.001

describe('measureDetection', () => {
  it('convicts an 8-bit KV cache that passes every single chunk, convicts 4-bit weights on the first chunk, and slashes no honest host', async () => {
    const result = await measureDetection({
      spec,
      honestProfiles: { threads2, unoptimized, fp16 },
      calibrationJobs: jobsFrom(0, 8),
      jobs: jobsFrom(100, 12),
      test: { alpha, beta: 0.01, delta: 1 },
      hosts: [
        { name: 'reference', hardware: REFERENCE_HARDWARE, honest: true },
        { name: 'threads2', hardware: threads2, honest: true },
        { name: 'unoptimized', hardware: unoptimized, honest: true },
        { name: 'fp16', hardware: fp16, honest: true },
        {
          name: 'fp16 threads2 basic',
          hardware: { ...fp16, threads: 2, optimization: 'basic' },
          honest: true,
        },
        { name: 'kv8', hardware: REFERENCE_HARDWARE, cheat: { kind: 'kv8' }, honest: false },
        { name: 'kv8 on fp16', hardware: fp16, cheat: { kind: 'kv8' }, honest: false },
        { name: 'int4', hardware: REFERENCE_HARDWARE, variant: { kind: 'int4' }, honest: false },
      ],
    })
    expect(result.honestNull.worstProfile).toBe('fp16')
    expect(result.falseConvictions).toBe(0)
    for (const host of result.hosts.filter((h) => h.honest)) {
      expect(host.failedChunks, host.name).toBe(0)
      // Cleared, not merely unconvicted: each needed at most the 12 jobs it was given.
      expect(host.test.verdict, host.name).toBe('clear')
    }
    const byName = Object.fromEntries(result.hosts.map((host) => [host.name, host]))
    // The one-chunk check lets kv8 through; only the accumulated test convicts it.
    expect(byName.kv8?.failedChunks).toBe(0)
    expect(byName['kv8 on fp16']?.failedChunks).toBe(0)
    expect(result.tokensToDetect.kv8).not.toBeNull()
    expect(result.tokensToDetect.kv8).toBeLessThanOrEqual(128)
    expect(result.tokensToDetect['kv8 on fp16']).not.toBeNull()
    expect(result.tokensToDetect['kv8 on fp16']).toBeLessThanOrEqual(128)
    expect(result.tokensToDetect.int4).toBe(32)
    expect(byName.int4?.test.chunks).toBe(1)
  })
})
