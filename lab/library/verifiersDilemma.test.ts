import { describe, expect, it } from 'vitest'
import { runScenarioFile } from '../index.ts'

const file = 'scenarios/library/verifiers-dilemma.yaml'

describe("library: the verifier's dilemma", () => {
  it('without forced checks fraud returns; forced errors restore detection', async () => {
    const unforced = await runScenarioFile(file)
    const forced = await runScenarioFile(file, { 'protocol.forcedErrors': { rate: 0.05, jackpot: 2 } })
    const u = unforced.result.metrics
    const f = forced.result.metrics
    expect(u.undetected_fraud_rate as number).toBeGreaterThan(0.05)
    expect(f.undetected_fraud_rate as number).toBeLessThan((u.undetected_fraud_rate as number) / 3)
    expect(f.detection_rate as number).toBeGreaterThan(u.detection_rate as number)
    expect(forced.result.counts.checks).toBeGreaterThan(unforced.result.counts.checks)
  }, 180_000)
})
