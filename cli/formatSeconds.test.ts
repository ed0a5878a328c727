import { describe, expect, it } from 'vitest'
import { formatSeconds } from './formatSeconds.ts'

describe('formatSeconds', () => {
  it('prints seconds, minutes and hours', () => {
    expect(formatSeconds(0)).toBe('0s')
    expect(formatSeconds(4.2)).toBe('5s')
    expect(formatSeconds(185)).toBe('3m05s')
    expect(formatSeconds(2 * 3600 + 7 * 60)).toBe('2h07m')
  })
  it('never prints 60 in the smaller unit when rounding up', () => {
    expect(formatSeconds(59.5)).toBe('1m00s')
    expect(formatSeconds(119.4)).toBe('2m00s')
    expect(formatSeconds(3599.5)).toBe('1h00m')
    expect(formatSeconds(7199)).toBe('2h00m')
    for (let s = 0; s < 5 * 3600; s += 0.7) expect(formatSeconds(s)).not.toMatch(/[^0-9]60[sm]$/)
  })
  it('treats a negative estimate as zero', () => {
    expect(formatSeconds(-3)).toBe('0s')
  })
})
