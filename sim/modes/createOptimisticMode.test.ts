import { describe, expect, it } from 'vitest'
import type { Overrides } from '../../scenarios/index.ts'
import { eventsOf, feesFor, finalResults, simulate } from '../fixtures/simulate.ts'

// Optimistic verification and its bisection games end to end through runSimulation.
const watched: Overrides = { 'protocol.mode': 'optimistic', 'protocol.watchProbability': 1, duration: 60 }

describe('optimistic', () => {
  it.each<[string, Overrides]>([
    ['skip in a 9-checkpoint MLP', {}],
    ['skip in a 16-checkpoint MLP', { 'model.depth': 15, 'model.cheats.skipLayers': 5 }],
    ['int8', { 'hosts.variant': 'int8' }],
    [
      'skip in a 6-block transformer',
      {
        model: {
          builtin: 'transformer',
          dModel: 8,
          heads: 2,
          blocks: 6,
          seqLen: 4,
          cheats: { skipLayers: 1 },
        },
      },
    ],
  ])(
    'narrows every game over %s to the first wrong layer in at most ⌈log2 n⌉ rounds',
    async (_, overrides) => {
      const { spec, result, trace, fake } = await simulate({ ...watched, ...overrides })
      const c = result.counts
      const games = eventsOf(trace, 'game')
      expect(c.bad_results).toBeGreaterThan(5)
      expect(games.length).toBe(c.bad_results)
      const n = fake.layersOf(spec.model)
      const wrong = fake.firstChangedLayer(spec.model, spec.hosts.variant)
      for (const game of games) {
        expect(game).toMatchObject({ hostLost: true, byTimeout: false, layer: wrong })
        expect(game.rounds).toBeLessThanOrEqual(Math.ceil(Math.log2(n)))
      }
      // The referee re-executed exactly one layer per game.
      expect(fake.calls.checkLayer).toBe(games.length)
      expect(c.detected).toBe(c.bad_results)
      expect(c.false_slashes).toBe(0)
    },
  )

  it('slashes a cheater that stops answering by timeout, and keeps slashed fees with requesters', async () => {
    const { spec, result, trace, spent } = await simulate({ ...watched, 'hosts.abandonRate': 1 })
    const c = result.counts
    expect(c.games).toBeGreaterThan(5)
    expect(c.timeouts).toBe(c.games)
    expect(eventsOf(trace, 'game').every((g) => g.byTimeout && g.hostLost)).toBe(true)
    expect(c.detected).toBe(c.bad_results)
    expect(spent.reduce((a, b) => a + b)).toBe(feesFor(spec, finalResults(result)))
  })

  it('lets every bad result through when watchers never check, or lazy watchers skip every check', async () => {
    for (const overrides of [
      { 'protocol.watchProbability': 0 },
      { 'verifiers.behaviours': { lazy: 1 }, 'verifiers.skipProbability': 1 },
    ]) {
      const { result } = await simulate({ ...watched, ...overrides })
      expect(result.counts.bad_results).toBeGreaterThan(5)
      expect(result.counts.games).toBe(0)
      expect(result.counts.undetected).toBe(result.counts.bad_results)
    }
  })

  it('never challenges honest fp16 hosts under a tolerance; under exact comparison they lose games', async () => {
    const overrides: Overrides = {
      ...watched,
      'hosts.behaviours': { honest: 1 },
      'hosts.hardware': [
        { share: 0.5, fp16Weights: true },
        { share: 0.5, fp16Weights: false },
      ],
    }
    const tolerant = await simulate(overrides)
    expect(tolerant.result.counts.checks).toBeGreaterThan(10)
    expect(tolerant.result.counts.games).toBe(0)
    expect(tolerant.result.counts.false_slashes).toBe(0)
    const exact = await simulate({ ...overrides, comparison: 'exact' })
    expect(exact.result.counts.games).toBeGreaterThan(0)
    expect(exact.result.counts.false_slashes).toBeGreaterThan(0)
  })
})
