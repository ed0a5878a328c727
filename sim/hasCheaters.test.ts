import { describe, expect, it } from 'vitest'
import { hasCheaters } from './hasCheaters.ts'

describe('hasCheaters', () => {
  it('counts lazy, adaptive and rational hosts, and nothing else', () => {
    expect(hasCheaters({ lazy: 0, adaptive: 0, rational: 0 })).toBe(false)
    expect(hasCheaters({ lazy: 0.1, adaptive: 0, rational: 0 })).toBe(true)
    expect(hasCheaters({ lazy: 0, adaptive: 0.1, rational: 0 })).toBe(true)
    expect(hasCheaters({ lazy: 0, adaptive: 0, rational: 0.1 })).toBe(true)
  })
})
