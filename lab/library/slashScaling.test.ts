import { describe, expect, it } from 'vitest'
import { runScenarioFile } from '../index.ts'

const file = 'scenarios/library/slash-scaling.yaml'

describe('library: slash scaling as value / p', () => {
  it('keeps cheating unprofitable as p falls, where a fixed slash stops being enough', async () => {
    const probe = await runScenarioFile(file, { duration: 30 })
    const { spec } = probe
    const flops = probe.result.model.flops
    const value = ((flops.honest ?? 0) - (flops.noise ?? 0)) * spec.economics.costPerFlop
    // The slash fraction whose slash is `slash` tokens on the scenario's stake.
    const fractionFor = (slash: number) => Math.min(1, slash / spec.hosts.stake)
    const cheatingPays = async (p: number, slash: number) => {
      const run = await runScenarioFile(file, {
        'protocol.p': p,
        'protocol.slashFraction': fractionFor(slash),
      })
      const m = run.result.metrics
      return (m.cheater_return as number) > (m.honest_return as number)
    }
    for (const p of [0.2, 0.05, 0.02])
      expect(await cheatingPays(p, (2 * value) / p), `scaled slash at p=${p}`).toBe(false)
    // The slash that was twice enough at p = 0.2 no longer deters at p = 0.02.
    expect(await cheatingPays(0.02, (2 * value) / 0.2)).toBe(true)
  }, 180_000)
})
