import { describe, expect, it } from 'vitest'
import { createRunner } from './createRunner.ts'
import { runScenarioFile } from './runScenarioFile.ts'
import { tuneScenario } from './tuneScenario.ts'

const file = 'scenarios/library/pos-threshold.yaml'

describe('library: Proof-of-Sampling threshold p* = C / (R + S)', () => {
  it('cheating pays below p* and loses above it', async () => {
    const probe = await runScenarioFile(file, { duration: 30 })
    const { spec } = probe
    const flops = probe.result.model.flops
    // C: the compute a cheat saves; R: the fee; S: the slash of a proven fault.
    const C = ((flops.honest ?? 0) - (flops.noise ?? 0)) * spec.economics.costPerFlop
    const R = spec.requesters.fee
    const S = spec.hosts.stake * spec.protocol.slashFraction
    const pStar = C / (R + S)
    expect(pStar).toBeGreaterThan(0.01)
    expect(pStar).toBeLessThan(0.2)

    const below = await runScenarioFile(file, { 'protocol.p': pStar / 3 })
    const above = await runScenarioFile(file, { 'protocol.p': Math.min(1, pStar * 3) })
    const gap = (r: typeof below) =>
      (r.result.metrics.cheater_return as number) - (r.result.metrics.honest_return as number)
    expect(below.result.counts.detected).toBeGreaterThan(0)
    expect(gap(below)).toBeGreaterThan(0)
    expect(gap(above)).toBeLessThan(0)
  }, 120_000)

  it('verisim tune finds p within one search step of p* and cheating loses there', async () => {
    const probe = await runScenarioFile(file, { duration: 30 })
    const { spec } = probe
    const flops = probe.result.model.flops
    const C = ((flops.honest ?? 0) - (flops.noise ?? 0)) * spec.economics.costPerFlop
    const pStar = C / (spec.requesters.fee + spec.hosts.stake * spec.protocol.slashFraction)
    const runner = createRunner({ workers: 2, parallel: 2 })
    const result = await tuneScenario(runner, file).finally(() => runner.close())
    expect(result.method).toBe('bisection')
    const best = result.best
    expect(best).not.toBeNull()
    const p = best?.params['protocol.p'] as number
    expect(Math.abs(p - pStar)).toBeLessThanOrEqual(result.stepOf['protocol.p'] as number)
    // Safe means the invariant cheater_return < honest_return held at the chosen p.
    expect(best?.safe).toBe(true)
    expect(best?.margin as number).toBeGreaterThan(0)
    const confirm = await runScenarioFile(file, { 'protocol.p': p })
    expect(confirm.result.metrics.cheater_return as number).toBeLessThan(
      confirm.result.metrics.honest_return as number,
    )
  }, 240_000)
})
