import { describe, expect, it } from 'vitest'
import { alternate, type Clock, median } from './measure.ts'

/** A clock that moves only when a side runs, by the time that side's next trial is given. */
function scripted(times: Record<'m' | 'b', number[]>) {
  let now = 0
  const order: string[] = []
  const clock: Clock = { now: () => now }
  const side = (name: 'm' | 'b') => () => {
    order.push(name)
    now += times[name].shift() ?? 1
  }
  return { clock, order, measured: side('m'), baseline: side('b') }
}

describe('alternate', () => {
  it('alternates which side goes first, so a steady drift favours neither', async () => {
    const s = scripted({ m: [], b: [] })
    await alternate(s.clock, 1, 4, s.measured, s.baseline)
    // The warm-up pair, then AB BA AB BA.
    expect(s.order.join('')).toBe('mb' + 'mb' + 'bm' + 'mb' + 'bm')
  })

  it('reports the median of the paired ratios, not the ratio of the medians', async () => {
    // ms per trial, warm-up first; the machine slows down then speeds up between pairs.
    const s = scripted({ m: [1, 100, 400, 220], b: [1, 100, 400, 200] })
    const result = await alternate(s.clock, 1000, 3, s.measured, s.baseline)
    // Pairs' rates: 10/10, 2.5/2.5 and 4.545/5 per ms; their ratios 1, 1 and 0.909.
    expect(result.ratio).toBe(1)
    expect(result.measured.perSecond).toBeCloseTo(1000 / 0.22)
    expect(result.baseline.perSecond).toBeCloseTo(1000 / 0.2)
  })
})

describe('median', () => {
  it('takes the middle value, the upper one of an even count', () => {
    expect(median([3, 1, 2], (x) => x)).toBe(2)
    expect(median([4, 1, 3, 2], (x) => x)).toBe(3)
    expect(() => median([], (x: number) => x)).toThrow(RangeError)
  })
})
