import { describe, expect, it } from 'vitest'
import { type Evaluation, gridOf, paretoFront, searchTunables, type Tunable } from './searchTunables.ts'

const p: Tunable = {
  path: 'protocol.p',
  min: 0,
  max: 1,
  steps: 101,
  monotone: 'increasing',
  integer: false,
  log: false,
}

// A stand-in for running scenarios: safe from p = 0.37 on, cost rising with p.
const threshold =
  (cut: number) =>
  async (params: Record<string, number>): Promise<Evaluation> => {
    const x = params['protocol.p'] as number
    return { params, safe: x >= cut - 1e-12, objective: 1 + x, margin: x - cut }
  }

describe('searchTunables', () => {
  it('bisects a monotone tunable to the first safe grid value in log2 steps', async () => {
    const result = await searchTunables([p], { budget: 50, seed: 1 }, threshold(0.37))
    expect(result.method).toBe('bisection')
    expect(result.best?.params['protocol.p']).toBeCloseTo(0.37, 12)
    expect(result.evaluated.length).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(101)))
    expect(result.stepOf['protocol.p']).toBeCloseTo(0.01, 12)
  })

  it('handles the edges: nothing safe, or everything safe', async () => {
    expect((await searchTunables([p], { budget: 50, seed: 1 }, threshold(2))).best).toBeNull()
    expect(
      (await searchTunables([p], { budget: 50, seed: 1 }, threshold(-1))).best?.params['protocol.p'],
    ).toBe(0)
    const decreasing = { ...p, monotone: 'decreasing' as const }
    const safeBelow = async (params: Record<string, number>): Promise<Evaluation> => {
      const x = params['protocol.p'] as number
      return { params, safe: x <= 0.25 + 1e-12, objective: 2 - x, margin: 0.25 - x }
    }
    expect(
      (await searchTunables([decreasing], { budget: 50, seed: 1 }, safeBelow)).best?.params['protocol.p'],
    ).toBeCloseTo(0.25, 12)
  })

  it('searches several tunables with a seeded Latin hypercube and keeps the cheapest safe setting', async () => {
    const two: Tunable[] = [
      { ...p, monotone: undefined, steps: 11 },
      { path: 'protocol.slashFraction', min: 0, max: 1, steps: 11, integer: false, log: false },
    ]
    const evaluate = async (params: Record<string, number>): Promise<Evaluation> => {
      const x = params['protocol.p'] as number
      const s = params['protocol.slashFraction'] as number
      return { params, safe: x + s >= 0.8, objective: x + 0.1 * s, margin: x + s - 0.8 }
    }
    const a = await searchTunables(two, { budget: 40, seed: 7 }, evaluate)
    const b = await searchTunables(two, { budget: 40, seed: 7 }, evaluate)
    expect(a.method).toBe('random')
    expect(a.evaluated.map((e) => e.params)).toEqual(b.evaluated.map((e) => e.params))
    const safe = a.evaluated.filter((e) => e.safe)
    expect(a.best?.objective).toBe(Math.min(...safe.map((e) => e.objective as number)))
  })

  it('keeps the largest safe objective when the tune maximizes it', async () => {
    const two: Tunable[] = [
      { ...p, monotone: undefined, steps: 11 },
      { path: 'protocol.slashFraction', min: 0, max: 1, steps: 11, integer: false, log: false },
    ]
    // Safe below x + s = 1.2; the objective grows with both, so the best sits near the boundary.
    const evaluate = async (params: Record<string, number>): Promise<Evaluation> => {
      const x = params['protocol.p'] as number
      const s = params['protocol.slashFraction'] as number
      return { params, safe: x + s <= 1.2, objective: x + 0.5 * s, margin: 1.2 - x - s }
    }
    const result = await searchTunables(two, { budget: 40, seed: 7, maximize: true }, evaluate)
    const safe = result.evaluated.filter((e) => e.safe)
    expect(result.best?.objective).toBe(Math.max(...safe.map((e) => e.objective as number)))
    const minimized = await searchTunables(two, { budget: 40, seed: 7 }, evaluate)
    expect(minimized.best?.objective).toBe(Math.min(...safe.map((e) => e.objective as number)))
  })

  it('rounds grid values to the step, without float noise', async () => {
    const grid = gridOf({ ...p, min: 0, max: 1, steps: 21 })
    expect(grid).toEqual(Array.from({ length: 21 }, (_, i) => i / 20))
    expect(grid).toContain(0.45)
    const pos = { ...p, min: 0.005, max: 0.205, steps: 21 }
    expect(gridOf(pos)).toEqual(Array.from({ length: 21 }, (_, i) => Number((0.005 + i * 0.01).toFixed(3))))
    expect(gridOf(pos).every((v) => String(v).length <= 5)).toBe(true)
    // Thirds cannot be written exactly: two digits finer than the step, and still distinct.
    expect(gridOf({ ...p, min: 0, max: 1, steps: 4 })).toEqual([0, 0.333, 0.667, 1])
    const log = gridOf({ ...p, min: 0.001, max: 1, steps: 4, log: true })
    expect(log).toEqual([0.001, 0.01, 0.1, 1])
    const result = await searchTunables([pos], { budget: 50, seed: 1 }, threshold(0.1))
    expect(result.stepOf['protocol.p']).toBe(0.01)
    expect(result.best?.params['protocol.p']).toBe(0.105)
  })

  it('builds grids and Pareto fronts', () => {
    expect(gridOf({ ...p, min: 1, max: 100, steps: 3, log: true })).toEqual(
      [1, 10, 100].map((v, i) => (i === 1 ? expect.closeTo(10, 10) : v)),
    )
    expect(gridOf({ ...p, min: 1, max: 3, steps: 5, integer: true })).toEqual([1, 2, 3])
    // An integer range with fractional ends keeps to the whole numbers inside it.
    expect(gridOf({ ...p, min: 1.5, max: 4.5, steps: 16, integer: true })).toEqual([2, 3, 4])
    expect(gridOf({ ...p, min: 2.2, max: 2.8, steps: 4, integer: true })).toEqual([])
    const e = (objective: number, margin: number): Evaluation => ({
      params: {},
      safe: margin >= 0,
      objective,
      margin,
    })
    const front = paretoFront([e(1, 0.1), e(2, 0.5), e(3, 0.4), e(0.5, -1)])
    expect(front.map((x) => [x.objective, x.margin])).toEqual([
      [0.5, -1],
      [1, 0.1],
      [2, 0.5],
    ])
    // Maximizing (a market share, say): higher objective wins, best first.
    const highest = paretoFront([e(1, 0.1), e(2, 0.5), e(3, 0.4), e(0.5, -1)], true)
    expect(highest.map((x) => [x.objective, x.margin])).toEqual([
      [3, 0.4],
      [2, 0.5],
    ])
  })
})
