import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { InvariantSyntaxError } from './errors.ts'
import { parseInvariant } from './parseInvariant.ts'
import type { InvariantExpr } from './types.ts'

/** The tree as nested arrays, positions dropped, so precedence tests read at a glance. */
function shape(e: InvariantExpr): unknown {
  switch (e.kind) {
    case 'number':
      return e.value
    case 'metric':
      return e.name
    case 'call':
      return [e.fn, ...e.args.map(shape)]
    case 'unary':
      return [e.op, shape(e.operand)]
    default:
      return [e.op, shape(e.left), shape(e.right)]
  }
}

const parsed = (text: string) => shape(parseInvariant(text))

function syntaxError(text: string): InvariantSyntaxError {
  try {
    parseInvariant(text)
  } catch (error) {
    if (error instanceof InvariantSyntaxError) return error
    throw error
  }
  throw new Error(`parsed: ${text}`)
}

describe('parseInvariant', () => {
  it('parses the examples of the scenario format', () => {
    expect(parsed('upper95(cheater_return) < lower95(honest_return)')).toEqual([
      '<',
      ['upper95', 'cheater_return'],
      ['lower95', 'honest_return'],
    ])
    expect(parsed('false_slash_rate == 0')).toEqual(['==', 'false_slash_rate', 0])
    expect(parsed('undetected_fraud_rate < 0.001')).toEqual(['<', 'undetected_fraud_rate', 0.001])
    expect(parsed('verification_overhead < 0.05')).toEqual(['<', 'verification_overhead', 0.05])
    expect(
      parsed('mean(detection_rate) >= 0.9 && (gas_per_job <= 150000 || verification_overhead < 1)'),
    ).toEqual([
      '&&',
      ['>=', ['mean', 'detection_rate'], 0.9],
      ['||', ['<=', 'gas_per_job', 150000], ['<', 'verification_overhead', 1]],
    ])
  })

  it('binds || loosest, then &&, comparisons, + -, * /, and unary tightest', () => {
    expect(parsed('a < 1 || b < 2 && c < 3')).toEqual([
      '||',
      ['<', 'a', 1],
      ['&&', ['<', 'b', 2], ['<', 'c', 3]],
    ])
    expect(parsed('a + b * c < d - e / f')).toEqual([
      '<',
      ['+', 'a', ['*', 'b', 'c']],
      ['-', 'd', ['/', 'e', 'f']],
    ])
    expect(parsed('-a * b < 0')).toEqual(['<', ['*', ['-', 'a'], 'b'], 0])
    expect(parsed('!a < b')).toEqual(['<', ['!', 'a'], 'b'])
    expect(parsed('!!(a < b)')).toEqual(['!', ['!', ['<', 'a', 'b']]])
    expect(parsed('--a')).toEqual(['-', ['-', 'a']])
  })

  it('groups operators of one level to the left', () => {
    expect(parsed('a - b - c')).toEqual(['-', ['-', 'a', 'b'], 'c'])
    expect(parsed('a / b * c')).toEqual(['*', ['/', 'a', 'b'], 'c'])
    expect(parsed('a < 1 && b < 1 && c < 1')).toEqual([
      '&&',
      ['&&', ['<', 'a', 1], ['<', 'b', 1]],
      ['<', 'c', 1],
    ])
    expect(parsed('a - (b - c)')).toEqual(['-', 'a', ['-', 'b', 'c']])
  })

  it('parses calls with any expressions as arguments, leaving arity to checkInvariant', () => {
    expect(parsed('min(a, b + 1) <= max(abs(c), 2)')).toEqual([
      '<=',
      ['min', 'a', ['+', 'b', 1]],
      ['max', ['abs', 'c'], 2],
    ])
    expect(parsed('lower95(1) < 2')).toEqual(['<', ['lower95', 1], 2])
    expect(parsed('abs() < min(1, 2, 3)')).toEqual(['<', ['abs'], ['min', 1, 2, 3]])
    // A function name without parentheses is a name; checkInvariant says it is a function.
    expect(parsed('mean < 1')).toEqual(['<', 'mean', 1])
  })

  it('keeps the offset of the token that made each node', () => {
    const tree = parseInvariant('abs(x) + y < 3')
    expect(tree).toMatchObject({
      kind: 'comparison',
      at: 11,
      left: { kind: 'arithmetic', at: 7, left: { kind: 'call', at: 0, args: [{ at: 4 }] }, right: { at: 9 } },
      right: { kind: 'number', at: 13 },
    })
  })

  it('points at the missing parenthesis with a column and a caret', () => {
    const error = syntaxError('upper95(cheater_return < 1')
    expect(error.message).toBe("expected ')' at column 27, found end of input")
    expect(error.column).toBe(27)
    expect(error.caret).toBe(`  upper95(cheater_return < 1\n  ${' '.repeat(26)}^`)
    expect(error).toBeInstanceOf(InputError)
    expect(error.kind).toBe('input')
  })

  it.each([
    ['', 'expected a number, metric or ( at column 1, found end of input'],
    ['a <', 'expected a number, metric or ( at column 4, found end of input'],
    ['a < )', "expected a number, metric or ( at column 5, found ')'"],
    ['(a < 1', "expected ')' at column 7, found end of input"],
    ['a < 1)', "unmatched ')' at column 6"],
    ['a b', "expected an operator at column 3, found 'b'"],
    ['min(a b) < 1', "expected ',' or ')' at column 7, found 'b'"],
    ['min(a, b c) < 1', "expected ')' at column 10, found 'c'"],
    ['a < b < c', 'comparisons do not chain at column 7 (join them with &&, e.g. a < b && b < c)'],
    ['maen(x) < 1', "unknown function 'maen' at column 1 (did you mean mean?)"],
    [
      'sqrt(x) < 1',
      "unknown function 'sqrt' at column 1 (the functions are mean, lower95, upper95, abs, min, max)",
    ],
    ['a <= 1 &&', 'expected a number, metric or ( at column 10, found end of input'],
  ])('rejects %j', (text, message) => {
    expect(syntaxError(text).message).toBe(message)
  })

  it('counts columns within the line of a folded multi-line invariant', () => {
    const error = syntaxError('a < 1 &&\n  b <')
    expect(error.message).toBe('expected a number, metric or ( at column 6, found end of input')
    expect(error.caret).toBe('    b <\n       ^')
  })

  it('refuses nesting deep enough to overflow the stack', () => {
    expect(syntaxError(`${'('.repeat(10_000)}a`).message).toMatch(/^expression nested too deeply at column/)
    expect(syntaxError(`${'-'.repeat(10_000)}a < 1`).message).toMatch(/^expression nested too deeply/)
    // A chain nests one level per operator without brackets; evaluating 50,000 terms overflowed the stack.
    expect(syntaxError(`${Array(50_000).fill('a').join(' + ')} < 1`).message).toMatch(
      /^expression too long \(100001 tokens, at most 1000\)/,
    )
  })
})
