import { describe, expect, it } from 'vitest'
import { runScenarioFile } from '../index.ts'

const file = 'scenarios/library/heterogeneous-hardware.yaml'

describe('library: heterogeneous honest hosts', () => {
  it('exact-hash checking slashes honest hosts, tolerance checking slashes none', async () => {
    const exact = await runScenarioFile(file, { comparison: 'exact' })
    const tolerant = await runScenarioFile(file, { comparison: 'tolerance' })
    expect(exact.result.metrics.false_slash_rate as number).toBeGreaterThan(0)
    expect(tolerant.result.metrics.false_slash_rate).toBe(0)
    expect(exact.result.metrics.detection_rate).toBe(1)
    expect(tolerant.result.metrics.detection_rate).toBe(1)
  }, 120_000)

  for (const variant of ['skip', 'int8', 'substitute', 'noise']) {
    it(`both catch every ${variant} cheat`, async () => {
      for (const comparison of ['exact', 'tolerance']) {
        const run = await runScenarioFile(file, { comparison, 'hosts.variant': variant, duration: 120 })
        expect(run.result.counts.bad_results, `${comparison}`).toBeGreaterThan(0)
        expect(run.result.metrics.detection_rate, `${comparison}`).toBe(1)
      }
    }, 120_000)
  }
})
