import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { productionShare } from './productionShare.ts'

describe('productionShare', () => {
  it("is production volume ÷ the network's volume, null when it served nothing", () => {
    expect(productionShare(30, 120)).toBe(0.25)
    expect(productionShare(0, 10)).toBe(0)
    expect(productionShare(0, 0)).toBeNull()
  })

  it('refuses a production volume outside [0, total]', () => {
    expect(() => productionShare(11, 10)).toThrow(InputError)
    expect(() => productionShare(-1, 10)).toThrow(/got -1 of 10/)
    expect(() => productionShare(Number.NaN, 10)).toThrow(/got NaN/)
  })
})
