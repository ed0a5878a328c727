import { describe, expect, it } from 'vitest'
import { parseInvariant } from './parseInvariant.ts'
import { precedenceOf } from './precedenceOf.ts'

describe('precedenceOf', () => {
  it('ranks the levels from || (loosest) to atoms', () => {
    const levels = ['a || b', 'a && b', 'a < b', 'a - b', 'a / b', '!a', 'abs(a)', 'a', '1', '(a || b)']
    expect(levels.map((t) => precedenceOf(parseInvariant(t)))).toEqual([1, 2, 3, 4, 5, 6, 7, 7, 7, 1])
  })
})
