import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createWeightedPicker } from './createWeightedPicker.ts'
import { createRngStreams } from './rngStreams.ts'

/** The obvious linear definition the tree must agree with. */
function linearPick(weights: number[], u: number): number {
  const total = weights.reduce((a, w) => a + Math.max(0, w), 0)
  if (total <= 0) return -1
  let target = u * total
  for (let i = 0; i < weights.length; i++) {
    const w = Math.max(0, weights[i] as number)
    if (target < w) return i
    target -= w
  }
  return weights.length - 1
}

describe('createWeightedPicker', () => {
  it('picks like a linear scan over integer weights, before and after updates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 20 })), { maxLength: 20 }),
        fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (weights, updates, draws) => {
          const picker = createWeightedPicker(weights)
          const model = [...weights]
          for (const [i, w] of updates) {
            picker.set(i % model.length, w)
            model[i % model.length] = w
          }
          for (const u of draws) {
            const got = picker.pick(u)
            const want = linearPick(model, u)
            if (want === -1) expect(got).toBe(-1)
            else {
              expect(model[got]).toBeGreaterThan(0)
              // Exact integer sums: the tree and the scan land on the same host.
              expect(got).toBe(want)
            }
          }
        },
      ),
    )
  })

  it('picks in proportion to weight', () => {
    const picker = createWeightedPicker([1, 0, 3])
    const counts = [0, 0, 0]
    const rng = createRngStreams(1, 0).stream('t', 'pick')
    for (let i = 0; i < 30_000; i++) counts[picker.pick(rng())]! += 1
    expect(counts[1]).toBe(0)
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7)
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3)
  })

  it('never picks a zero weight and says -1 when nothing can be picked', () => {
    const picker = createWeightedPicker([0, 5, 0])
    for (const u of [0, 0.3, 0.99999]) expect(picker.pick(u)).toBe(1)
    picker.set(1, 0)
    expect(picker.pick(0.5)).toBe(-1)
    expect(picker.total).toBe(0)
  })
})
