import { describe, expect, it } from 'vitest'
import { studentTCdf, studentTQuantile } from './studentTQuantile.ts'

describe('studentTQuantile', () => {
  it('matches published two-sided 95% critical values', () => {
    const table: [number, number][] = [
      [1, 12.7062],
      [2, 4.3027],
      [3, 3.1824],
      [5, 2.5706],
      [10, 2.2281],
      [30, 2.0423],
      [1000, 1.9623],
    ]
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3)
  })
  it('is symmetric and inverts the CDF', () => {
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-studentTQuantile(0.975, 4), 10)
    expect(studentTCdf(studentTQuantile(0.9, 7), 7)).toBeCloseTo(0.9, 9)
    expect(studentTQuantile(0.5, 3)).toBe(0)
  })
  it('rejects meaningless arguments', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError)
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError)
  })
})
