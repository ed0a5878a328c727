import { describe, expect, it } from 'vitest'
import { eventsOf, feesFor, finalResults, simulate } from '../fixtures/simulate.ts'

// Modeled TEE attestation and zk proofs end to end through runSimulation.
describe.each(['tee', 'zk'] as const)('%s', (mode) => {
  it('is marked as modeled, attests every batch before paying it, and catches fraud while sound', async () => {
    const { spec, result, trace, spent } = await simulate({ 'protocol.mode': mode })
    const params = spec.protocol[mode]
    expect(result.modeled.join(' ')).toMatch(mode)
    expect(trace[0]).toMatchObject({ type: 'modeled' })
    const commits = eventsOf(trace, 'commit')
    expect(result.gasByCall.attest?.calls).toBe(commits.length)
    const committedAt = new Map(commits.map((c) => [c.batch, c.t]))
    for (const payout of eventsOf(trace, 'payout'))
      expect(payout.t).toBeGreaterThanOrEqual((committedAt.get(payout.batch) as number) + params.latency)
    const c = result.counts
    expect(c.bad_results).toBeGreaterThan(10)
    expect(result.metrics.detection_rate).toBe(1)
    expect(c.false_slashes).toBe(0)
    expect(result.metrics.verification_overhead as number).toBeGreaterThan(params.overheadFactor - 1)
    expect(spent.reduce((a, b) => a + b)).toBe(feesFor(spec, finalResults(result)))
  })

  it('lets bad results through when the trust assumption fails', async () => {
    const { result } = await simulate({ 'protocol.mode': mode, [`protocol.${mode}.failureRate`]: 1 })
    expect(result.counts.bad_results).toBeGreaterThan(10)
    expect(result.metrics.detection_rate).toBe(0)
    expect(result.counts.undetected).toBe(result.counts.bad_results)
  })
})
