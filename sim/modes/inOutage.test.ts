import { describe, expect, it } from 'vitest'
import { specOf } from '../fixtures/simulate.ts'
import { inOutage } from './inOutage.ts'

describe('inOutage', () => {
  it('holds in [start, end) of any window, and never without one', () => {
    const base = specOf()
    const spec = {
      ...base,
      verifiers: {
        ...base.verifiers,
        outages: [
          { start: 10, end: 20 },
          { start: 50, end: 60 },
        ],
      },
    }
    expect([9.99, 10, 19.99, 20, 49, 50, 59, 60].map((t) => inOutage(spec, t))).toEqual([
      false,
      true,
      true,
      false,
      false,
      true,
      true,
      false,
    ])
    expect(inOutage(base, 10)).toBe(false)
  })
})
