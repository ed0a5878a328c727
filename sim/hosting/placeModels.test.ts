import { describe, expect, it } from 'vitest'
import { createRngStreams } from '../rngStreams.ts'
import { placeModels } from './placeModels.ts'

const rng = createRngStreams(7, 0)
const draw = (node: number) => rng.stream(`host-${node}`, 'placement')
const outlook = { rate: 1, fee: 1, holdCost: 0 }

describe('placeModels', () => {
  it('popularity: fills each node within its memory, skipping what does not fit, without repeats', () => {
    const models = [
      { share: 0.5, bytes: 4 },
      { share: 0.3, bytes: 3 },
      { share: 0.2, bytes: 2 },
    ]
    const placed = placeModels({ nodes: 50, memory: 5, models, policy: 'popularity', draw, outlook })
    for (const held of placed) {
      expect(new Set(held).size).toBe(held.length)
      expect(held.reduce((sum, m) => sum + (models[m]?.bytes ?? 0), 0)).toBeLessThanOrEqual(5)
      // Nothing left out would still fit.
      const used = held.reduce((sum, m) => sum + (models[m]?.bytes ?? 0), 0)
      for (const [m, model] of models.entries())
        if (!held.includes(m)) expect(used + model.bytes).toBeGreaterThan(5)
    }
  })

  it('popularity: the more popular model is held by more nodes', () => {
    const models = [
      { share: 0.8, bytes: 1 },
      { share: 0.2, bytes: 1 },
    ]
    const placed = placeModels({ nodes: 400, memory: 1, models, policy: 'popularity', draw, outlook })
    const holders = (m: number) => placed.filter((held) => held.includes(m)).length
    expect(holders(0) + holders(1)).toBe(400)
    expect(holders(0)).toBeGreaterThan(2 * holders(1))
  })

  it('profit: spreads nodes over models in proportion to demand per byte', () => {
    // Demand per byte 3:1: the third node finds them level (0.75 ÷ 3 = 0.25) and takes the first
    // (ties go to the earlier model), so of four one-model nodes three take it and one the second.
    const models = [
      { share: 0.75, bytes: 1 },
      { share: 0.25, bytes: 1 },
    ]
    const placed = placeModels({ nodes: 4, memory: 1, models, policy: 'profit', draw, outlook })
    expect(placed).toEqual([[0], [0], [0], [1]])
  })

  it('profit: holds no second model whose holding costs more than it is expected to earn', () => {
    const models = [
      { share: 0.99, bytes: 1e9 },
      { share: 0.01, bytes: 1e9 },
    ]
    // 1 request/s of fee 1: holding 1 GB costs 3600 tokens/h = 1/s, more than either model earns.
    // Each node still holds the least unprofitable one (it must serve something), and no second.
    const costly = { rate: 1, fee: 1, holdCost: 3600 }
    const placed = placeModels({ nodes: 2, memory: 2e9, models, policy: 'profit', draw, outlook: costly })
    expect(placed).toEqual([[0], [0]])
  })

  it('coverage: fills each node, spreading holders by demand per byte, loss or not', () => {
    const models = [
      { share: 0.99, bytes: 1e9 },
      { share: 0.01, bytes: 1e9 },
    ]
    // The same outlook that stops a profit node at one model: a covering node holds both.
    const costly = { rate: 1, fee: 1, holdCost: 3600 }
    const placed = placeModels({ nodes: 2, memory: 2e9, models, policy: 'coverage', draw, outlook: costly })
    expect(placed).toEqual([
      [0, 1],
      [0, 1],
    ])
    const one = placeModels({
      nodes: 4,
      memory: 1e9,
      models: [
        { share: 0.75, bytes: 1e9 },
        { share: 0.25, bytes: 1e9 },
      ],
      policy: 'coverage',
      draw,
      outlook: costly,
    })
    expect(one).toEqual([[0], [0], [0], [1]])
  })
})
