import { describe, expect, it } from 'vitest'
import { createVirtualClock } from './virtualClock.ts'

describe('createVirtualClock', () => {
  it('moves forward and stays put on equal times', () => {
    const clock = createVirtualClock()
    clock.advanceTo(5)
    clock.advanceTo(5)
    expect(clock.now).toBe(5)
  })
  it('refuses to go back or to NaN', () => {
    const clock = createVirtualClock(10)
    expect(() => clock.advanceTo(9)).toThrow(/cannot go back from 10 to 9/)
    expect(() => clock.advanceTo(Number.NaN)).toThrow()
  })
})
