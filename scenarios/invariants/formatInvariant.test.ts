import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatInvariant } from './formatInvariant.ts'
import { parseInvariant } from './parseInvariant.ts'
import { tokenizeInvariant } from './tokenizeInvariant.ts'
import {
  type ArithmeticOperator,
  type ComparisonOperator,
  INVARIANT_FUNCTIONS,
  type InvariantExpr,
  type LogicalOperator,
} from './types.ts'

/** The tree without source offsets: a printed tree's offsets are the printer's, not the original's. */
function withoutPositions(e: InvariantExpr): unknown {
  switch (e.kind) {
    case 'number':
    case 'metric':
      return { ...e, at: 0 }
    case 'call':
      return { ...e, at: 0, args: e.args.map(withoutPositions) }
    case 'unary':
      return { ...e, at: 0, operand: withoutPositions(e.operand) }
    default:
      return { ...e, at: 0, left: withoutPositions(e.left), right: withoutPositions(e.right) }
  }
}

// Every tree the parser can produce: numbers are non-negative (a minus is a unary node) and
// finite, names are any identifier; arity and types are not the printer's concern.
const value = fc
  .oneof(fc.nat(1_000_000), fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }))
  .map((v) => (Object.is(v, -0) ? 0 : v))
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/)
const at = fc.constant(0)

const { expr } = fc.letrec<{ expr: InvariantExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('number' as const), value, at }),
    fc.record({ kind: fc.constant('metric' as const), name, at }),
    fc.record({
      kind: fc.constant('call' as const),
      fn: fc.constantFrom(...INVARIANT_FUNCTIONS),
      args: fc.array(tie('expr'), { maxLength: 3 }),
      at,
    }),
    fc.record({
      kind: fc.constant('unary' as const),
      op: fc.constantFrom<'-' | '!'>('-', '!'),
      operand: tie('expr'),
      at,
    }),
    fc.record({
      kind: fc.constant('arithmetic' as const),
      op: fc.constantFrom<ArithmeticOperator>('+', '-', '*', '/'),
      left: tie('expr'),
      right: tie('expr'),
      at,
    }),
    fc.record({
      kind: fc.constant('comparison' as const),
      op: fc.constantFrom<ComparisonOperator>('<', '<=', '>', '>=', '==', '!='),
      left: tie('expr'),
      right: tie('expr'),
      at,
    }),
    fc.record({
      kind: fc.constant('logical' as const),
      op: fc.constantFrom<LogicalOperator>('&&', '||'),
      left: tie('expr'),
      right: tie('expr'),
      at,
    }),
  ),
}))

/** Whether `text` at each node's offset starts with the token that made the node. */
function offsetsPointAtTokens(e: InvariantExpr, text: string): boolean {
  switch (e.kind) {
    case 'number':
      return tokenizeInvariant(text.slice(e.at))[0]?.kind === 'number'
    case 'metric':
      return text.startsWith(e.name, e.at)
    case 'call':
      return text.startsWith(`${e.fn}(`, e.at) && e.args.every((a) => offsetsPointAtTokens(a, text))
    case 'unary':
      return text.startsWith(e.op, e.at) && offsetsPointAtTokens(e.operand, text)
    default:
      return (
        text.startsWith(e.op, e.at) &&
        offsetsPointAtTokens(e.left, text) &&
        offsetsPointAtTokens(e.right, text)
      )
  }
}

describe('formatInvariant', () => {
  it('prints the scenario examples as written', () => {
    for (const text of [
      'upper95(cheater_return) < lower95(honest_return)',
      'false_slash_rate == 0',
      'undetected_fraud_rate < 0.001',
      'mean(detection_rate) >= 0.9 && (gas_per_job <= 150000 || verification_overhead < 1)',
    ])
      expect(formatInvariant(parseInvariant(text))).toBe(text)
  })

  it('normalizes spacing, redundant parentheses and number spelling', () => {
    expect(formatInvariant(parseInvariant('((a))<(1e-3)&&!(b>=100_000)'))).toBe('a < 0.001 && !(b >= 100000)')
    expect(formatInvariant(parseInvariant('(a*b)+c < -(d)'))).toBe('a * b + c < -d')
    expect(formatInvariant(parseInvariant('min( a ,b )/ 2e21 > 0'))).toBe('min(a, b) / 2e+21 > 0')
  })

  it('keeps the parentheses that grouping needs', () => {
    expect(formatInvariant(parseInvariant('a - (b - c) < (d + e) * f'))).toBe('a - (b - c) < (d + e) * f')
    expect(formatInvariant(parseInvariant('(x < 1 || y < 1) && z < 1'))).toBe('(x < 1 || y < 1) && z < 1')
    expect(formatInvariant(parseInvariant('x < 1 && (y < 1 && z < 1)'))).toBe('x < 1 && (y < 1 && z < 1)')
    expect(formatInvariant(parseInvariant('(a < b) == (c < d)'))).toBe('(a < b) == (c < d)')
    expect(formatInvariant(parseInvariant('-(a * b) < 0'))).toBe('-(a * b) < 0')
  })

  it('prints any tree as text that parses back to the same tree', () => {
    fc.assert(
      fc.property(expr, (tree) => {
        const text = formatInvariant(tree)
        expect(withoutPositions(parseInvariant(text))).toEqual(withoutPositions(tree))
      }),
      { numRuns: 500 },
    )
  })

  it('is a fixed point after one parse, and the reparsed offsets point at their tokens', () => {
    fc.assert(
      fc.property(expr, (tree) => {
        const text = formatInvariant(tree)
        const again = parseInvariant(text)
        expect(formatInvariant(again)).toBe(text)
        expect(offsetsPointAtTokens(again, text)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})
