import { describe, expect, it } from 'vitest'
import { METRIC_NAMES } from '../../sim/index.ts'
import { findClosestName } from './findClosestName.ts'

describe('findClosestName', () => {
  it('counts a swap of neighbouring letters as one slip', () => {
    expect(findClosestName('cheater_retrun', METRIC_NAMES)).toBe('cheater_return')
  })

  it('finds dropped, added and changed letters', () => {
    expect(findClosestName('gas_perjob', METRIC_NAMES)).toBe('gas_per_job')
    expect(findClosestName('detection_rates', METRIC_NAMES)).toBe('detection_rate')
    expect(findClosestName('honest_retorn', METRIC_NAMES)).toBe('honest_return')
  })

  it('suggests nothing for a different word', () => {
    expect(findClosestName('throughput', METRIC_NAMES)).toBeUndefined()
    expect(findClosestName('x', [])).toBeUndefined()
  })

  it('prefers the earlier candidate on a tie', () => {
    expect(findClosestName('ab', ['ac', 'ad'])).toBe('ac')
  })
})
