import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { InvariantSyntaxError } from './errors.ts'
import { tokenizeInvariant } from './tokenizeInvariant.ts'

const texts = (source: string) => tokenizeInvariant(source).map((t) => (t.kind === 'end' ? '<end>' : t.text))

describe('tokenizeInvariant', () => {
  it('reads numbers in every written form', () => {
    const numbers = tokenizeInvariant('1e-3 0.5 100_000 .25 2E+2 1_000.000_1 7')
      .filter((t) => t.kind === 'number')
      .map((t) => t.value)
    expect(numbers).toEqual([0.001, 0.5, 100000, 0.25, 200, 1000.0001, 7])
  })

  it('reads identifiers, every operator and commas, longest operator first', () => {
    expect(texts('a<=b>=c==d!=e&&f||!g<h>i+j-k*l/m(n,o)')).toEqual(
      'a <= b >= c == d != e && f || ! g < h > i + j - k * l / m ( n , o ) <end>'.split(' '),
    )
    expect(texts('upper95(cheater_return) < lower95(honest_return)')).toEqual([
      'upper95',
      '(',
      'cheater_return',
      ')',
      '<',
      'lower95',
      '(',
      'honest_return',
      ')',
      '<end>',
    ])
  })

  it('records each token offset and ends with an end token at the text length', () => {
    const tokens = tokenizeInvariant('  gas_per_job <=\n 1e5')
    expect(tokens.map((t) => t.at)).toEqual([2, 14, 18, 21])
    expect(tokens.at(-1)).toEqual({ kind: 'end', at: 21 })
    expect(tokenizeInvariant('')).toEqual([{ kind: 'end', at: 0 }])
  })

  it('reads a minus after a number as an operator, not part of it', () => {
    expect(texts('1-x')).toEqual(['1', '-', 'x', '<end>'])
    expect(texts('2e-3-1')).toEqual(['2e-3', '-', '1', '<end>'])
  })

  it.each([
    ['1e < 2', "malformed number '1e' at column 1"],
    ['x < 100_', "malformed number '100_' at column 5"],
    ['x < 1__0', "malformed number '1__0' at column 5"],
    ['x < 1.2.3', "malformed number '1.2.3' at column 5"],
    ['x < 2x', "malformed number '2x' at column 5"],
    ['x < 1.', "malformed number '1.' at column 5"],
  ])('rejects the malformed number in %j', (source, message) => {
    expect(() => tokenizeInvariant(source)).toThrow(message)
  })

  it('rejects stray characters, with a hint for the operators people mistype', () => {
    expect(() => tokenizeInvariant('a = 1')).toThrow(
      "unexpected character '=' at column 3 (use == to compare)",
    )
    expect(() => tokenizeInvariant('a & b')).toThrow(/'&' at column 3 \(use && for "and"\)/)
    expect(() => tokenizeInvariant('a | b')).toThrow(/'\|' at column 3 \(use \|\| for "or"\)/)
    expect(() => tokenizeInvariant('a.b')).toThrow("unexpected character '.' at column 2")
    expect(() => tokenizeInvariant('x # y')).toThrow("unexpected character '#' at column 3")
  })

  it('throws only InvariantSyntaxError, an InputError, whatever the text', () => {
    const unit = fc.constantFrom(...'ab_e019.+-*/<>=!&|(), #'.split(''))
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), (source) => {
        try {
          const tokens = tokenizeInvariant(source)
          expect(tokens.at(-1)?.kind).toBe('end')
        } catch (error) {
          expect(error).toBeInstanceOf(InvariantSyntaxError)
          expect(error).toBeInstanceOf(InputError)
        }
      }),
    )
  })
})
