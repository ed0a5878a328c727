import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { retainedVolume } from './retainedVolume.ts'

describe('retainedVolume', () => {
  const cohort = [40, 120, 90, 80, 72, 64, 100]

  it('divides period N by period 3, counting from 0, the arrival period', () => {
    expect(retainedVolume(cohort, 3)).toBe(1)
    expect(retainedVolume(cohort, 5)).toBe(64 / 80)
    expect(retainedVolume(cohort, 6)).toBe(100 / 80)
    expect(retainedVolume(cohort, 0)).toBe(40 / 80)
  })

  it('is null, never NaN or Infinity, when period 3 had no volume or period N is not in the table', () => {
    expect(retainedVolume([5, 5, 5, 0, 5], 4)).toBeNull()
    expect(retainedVolume([5, 5, 5, 0, 0], 4)).toBeNull()
    expect(retainedVolume([5, 5], 1)).toBeNull()
    expect(retainedVolume(cohort, 7)).toBeNull()
  })

  it('refuses a period that is not a whole number >= 0', () => {
    expect(() => retainedVolume(cohort, -1)).toThrow(InputError)
    expect(() => retainedVolume(cohort, 2.5)).toThrow(/got 2.5/)
  })
})
