import { describe, expect, it } from 'vitest'
import { volumePerActiveRequester } from './volumePerActiveRequester.ts'

describe('volumePerActiveRequester', () => {
  it('divides the period volume by the requesters with any volume, ignoring the idle ones', () => {
    expect(volumePerActiveRequester([10, 0, 20, 0, 30])).toBe(20)
  })

  it('is null when nobody was active', () => {
    expect(volumePerActiveRequester([0, 0])).toBeNull()
    expect(volumePerActiveRequester([])).toBeNull()
  })
})
