import { describe, expect, it } from 'vitest'
import { BaseError } from '../../errors/index.ts'
import { evaluateNumeric } from './evaluateNumeric.ts'
import { parseInvariant } from './parseInvariant.ts'
import type { InvariantMetrics } from './types.ts'

const metrics: InvariantMetrics = {
  a: { mean: 2, ci95: [1, 3] },
  b: { mean: -4, ci95: null },
  single: 5,
  none: null,
  blank: { mean: null, ci95: null },
}

function run(text: string): { value: number | null; notes: string[] } {
  const notes = new Set<string>()
  const value = evaluateNumeric(parseInvariant(text), metrics, notes)
  return { value, notes: [...notes] }
}

describe('evaluateNumeric', () => {
  it('reads a bare name and mean() as the mean, and the CI bounds by name', () => {
    expect(run('a').value).toBe(2)
    expect(run('mean(a)').value).toBe(2)
    expect(run('lower95(a)').value).toBe(1)
    expect(run('upper95(a)').value).toBe(3)
  })

  it("treats a single run's plain number as every bound, without a note", () => {
    expect(run('lower95(single) + upper95(single) + mean(single)')).toEqual({ value: 15, notes: [] })
  })

  it('falls back to the mean when a point has no CI, and says so', () => {
    expect(run('upper95(b)')).toEqual({
      value: -4,
      notes: ['upper95(b) fell back to the mean: no confidence interval (one replicate)'],
    })
    expect(run('mean(b)').notes).toEqual([])
  })

  it('computes arithmetic and the numeric functions', () => {
    expect(run('a + b * 2 - -1').value).toBe(-5)
    expect(run('abs(b) / min(a, 8) + max(a, 8)').value).toBe(10)
  })

  it('is undefined, with the reason, for a null metric or a division by zero', () => {
    expect(run('none + 1')).toEqual({ value: null, notes: ['none is undefined for this run'] })
    expect(run('abs(blank)')).toEqual({ value: null, notes: ['blank is undefined for this run'] })
    expect(run('a / (b + 4)')).toEqual({ value: null, notes: ['a / (b + 4) divides by zero'] })
    expect(run('1e308 * 10 - 1e308 * 10')).toEqual({
      value: null,
      notes: ['1e+308 * 10 - 1e+308 * 10 is not a number'],
    })
  })

  it('refuses what checkInvariant rejects, as an internal error', () => {
    expect(() => run('missing + 1')).toThrow(BaseError)
    expect(() => run('missing + 1')).toThrow(/metric 'missing' is missing/)
    expect(() => run('a < 1')).toThrow(/is a condition where a number is needed/)
    expect(() => run('lower95(1)')).toThrow(/needs a metric name/)
  })
})
