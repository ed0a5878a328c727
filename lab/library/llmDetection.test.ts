import { afterAll, describe, expect, it } from 'vitest'
import { createInferencePool, type InferencePool } from '../../engine/index.ts'
import { loadScenario, type Overrides, resolveRunSpec } from '../../scenarios/index.ts'
import { runOnAdapters } from '../runOnAdapters.ts'

const file = 'scenarios/library/llm-detection.yaml'
// Every point of the file has the same tolerance, so one pool serves them all.
let pool: InferencePool | undefined
afterAll(() => pool?.close())

/** One point of the library sweep, without the sweep, on the in-process ledger. */
async function runPoint(overrides: Overrides) {
  const { scenario } = loadScenario(file, overrides)
  const spec = resolveRunSpec({ ...scenario, sweep: undefined }, file)
  pool ??= createInferencePool({ workers: 2, tolerance: spec.tolerance })
  const result = await runOnAdapters(spec, { workers: 2, inference: pool, ledger: { kind: 'memory' } })
  return { spec, ...result }
}

describe('library: detecting generation cheats with the sequential test', () => {
  it('slashes no honest host on mixed hardware, and convicts int4 within one chunk and kv8', async () => {
    const honest = await runPoint({ 'hosts.behaviours': { honest: 1 } })
    expect(honest.counts.honest_results).toBeGreaterThan(10)
    expect(honest.counts.checks).toBeGreaterThan(5)
    expect(honest.counts.false_slashes).toBe(0)
    expect(honest.metrics.false_slash_rate).toBe(0)
    // fp16 weights really sit apart from the verifier: the null is not a zero-spread stand-in.
    expect(honest.spec.hosts.hardware.some((h) => h.profile.fp16Weights)).toBe(true)

    const chunk = honest.spec.workload?.chunkSize as number
    for (const variant of ['int4', 'kv8']) {
      const run = await runPoint({ 'hosts.variant': variant })
      expect(run.counts.bad_results, variant).toBeGreaterThan(0)
      expect(run.counts.detected, variant).toBeGreaterThan(0)
      expect(run.counts.false_slashes, variant).toBe(0)
      const tokens = run.metrics.detection_latency_tokens
      expect(tokens, variant).not.toBeNull()
      expect(Number.isFinite(tokens), variant).toBe(true)
      expect(tokens as number, variant).toBeGreaterThan(0)
      if (variant === 'int4') expect(tokens as number).toBeLessThanOrEqual(chunk)
    }
  }, 60_000)
})
