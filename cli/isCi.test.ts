import { describe, expect, it } from 'vitest'
import { isCi } from './isCi.ts'

describe('isCi', () => {
  it('is CI for any value that does not switch it off', () => {
    for (const CI of ['true', '1', 'yes', 'TRUE', 'woodpecker']) expect(isCi({ CI }), CI).toBe(true)
  })
  it('is not CI when CI is unset, empty, false or 0', () => {
    expect(isCi({})).toBe(false)
    for (const CI of ['', ' ', 'false', 'False', 'FALSE', '0']) expect(isCi({ CI }), `'${CI}'`).toBe(false)
  })
})
