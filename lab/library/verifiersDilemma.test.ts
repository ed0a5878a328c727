import { describe, expect, it } from 'vitest'
import { runScenarioFile } from '../index.ts'

const file = 'scenarios/library/verifiers-dilemma.yaml'

describe("library: the verifier's dilemma", () => {
  it('without forced checks fraud returns; forced errors restore detection', async () => {
    const unforced = await runScenarioFile(file)
    // A check costs about 0.05 tokens; forced errors pay 0.5 × 0.2 = 0.1 a check in expectation, in
    // draws frequent enough that a learner's running mean of its check payoffs sees it.
    const forced = await runScenarioFile(file, { 'protocol.forcedErrors': { rate: 0.5, jackpot: 0.2 } })
    const u = unforced.result.metrics
    const f = forced.result.metrics
    expect(u.undetected_fraud_rate as number).toBeGreaterThan(0.05)
    expect(f.undetected_fraud_rate as number).toBeLessThan((u.undetected_fraud_rate as number) / 3)
    expect(f.detection_rate as number).toBeGreaterThan(u.detection_rate as number)
    expect(forced.result.counts.checks).toBeGreaterThan(unforced.result.counts.checks)
    // The learners' play says why: checks are skipped without jackpots, made with them.
    expect(unforced.result.strategies?.at(-1)?.check).toBeLessThan(0.5)
    expect(forced.result.strategies?.at(-1)?.check).toBeGreaterThan(0.9)
  }, 180_000)
})
