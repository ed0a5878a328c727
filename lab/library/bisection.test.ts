import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '../../sim/index.ts'
import { runScenarioFile } from '../index.ts'

const file = 'scenarios/library/bisection.yaml'

describe('library: bisection settles in ceil(log2 n) rounds and the honest party wins', () => {
  for (const depth of [3, 8, 12]) {
    it(`a model of ${depth + 1} checkpoints`, async () => {
      const skip = Math.min(2, depth - 1)
      const run = await runScenarioFile(
        file,
        { 'model.depth': depth, 'model.cheats.skipLayers': skip },
        { keepTrace: true },
      )
      const n = run.result.model.layers
      expect(n).toBe(depth + 1)
      const variants = new Map<number, string>()
      for (const e of run.trace) if (e.type === 'job') variants.set(e.job, e.variant)
      const games = run.trace.filter((e): e is Extract<TraceEvent, { type: 'game' }> => e.type === 'game')
      expect(games.length).toBeGreaterThan(0)
      for (const game of games) {
        expect(game.byTimeout).toBe(false)
        // Bisection halves the disputed interval each round: never more than ⌈log2 n⌉ rounds
        // (fewer when the split falls short of the fault), ending on the exact faulty layer.
        expect(game.rounds).toBeLessThanOrEqual(Math.ceil(Math.log2(n)))
        expect(game.rounds).toBeGreaterThanOrEqual(Math.floor(Math.log2(n)))
        // The skip cheat first differs at the first layer it skips.
        expect(game.layer).toBe(depth - skip + 1)
        // The host loses exactly when it cheated: the honest party always wins.
        expect(game.hostLost).toBe(variants.get(game.job) !== 'honest')
      }
      expect(run.result.metrics.undetected_fraud_rate).toBe(0)
      expect(run.result.metrics.false_slash_rate).toBe(0)
    }, 120_000)
  }

  it('a host that stops answering loses by timeout', async () => {
    const run = await runScenarioFile(file, { 'hosts.abandonRate': 1 }, { keepTrace: true })
    const games = run.trace.filter((e): e is Extract<TraceEvent, { type: 'game' }> => e.type === 'game')
    expect(games.length).toBeGreaterThan(0)
    for (const game of games) {
      expect(game.byTimeout).toBe(true)
      expect(game.hostLost).toBe(true)
    }
    expect(run.result.counts.timeouts).toBe(games.length)
  }, 120_000)

  it("a colluding watcher's sham game shields nothing: the honest watcher's game on the same leaf still slashes", async () => {
    const run = await runScenarioFile(
      file,
      {
        'verifiers.behaviours': { diligent: 0.5, colluding: 0.5 },
        'verifiers.coalition': { hosts: ['lazy', 'adaptive'] },
      },
      { keepTrace: true },
    )
    const shams = run.trace.filter((e): e is Extract<TraceEvent, { type: 'sham' }> => e.type === 'sham')
    expect(shams.length).toBeGreaterThan(0)
    expect(run.result.counts.sham_games).toBe(shams.length)
    // Each sham game is opened on a bad result the honest watcher also challenged, and loses.
    const slashed = new Set(run.trace.flatMap((e) => (e.type === 'slash' ? [e.job] : [])))
    for (const sham of shams) expect(slashed.has(sham.job)).toBe(true)
    expect(run.result.counts.detected).toBe(run.result.counts.bad_results)
    expect(run.result.metrics.undetected_fraud_rate).toBe(0)
  }, 120_000)
})
